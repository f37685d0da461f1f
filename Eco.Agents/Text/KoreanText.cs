using System.Text;

namespace Eco.Agents.Text;

/// <summary>Normalisation and particle helpers shared by retrieval, intent rules and answers.</summary>
internal static class KoreanText
{
    /// <summary>Splits a message into words: runs of letters and digits, after composing Hangul (NFC).</summary>
    public static IEnumerable<string> Words(string message)
    {
        var composed = message.Normalize(NormalizationForm.FormC);
        var start = -1;
        for (var i = 0; i <= composed.Length; i++)
        {
            var inWord = i < composed.Length && char.IsLetterOrDigit(composed[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return composed[start..i];
                start = -1;
            }
        }
    }

    /// <summary>
    /// Folds text into a compact matching form: NFC, lower-case, letters and digits only.
    /// Korean users space words freely ("페트 병", "페트병"), so whitespace and punctuation must not matter.
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // macOS clients may send decomposed jamo; compose first so syllables compare equal.
        var composed = text.Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(composed.Length);
        foreach (var ch in composed)
        {
            if (char.IsLetterOrDigit(ch))
            {
                builder.Append(char.ToLowerInvariant(ch));
            }
        }

        return builder.ToString();
    }

    /// <summary>Whether the word, read aloud in Korean, ends with a final consonant (받침); null when the ending cannot be read.</summary>
    public static bool? EndsWithBatchim(string word, out bool finalIsRieul)
    {
        finalIsRieul = false;
        for (var i = word.Length - 1; i >= 0; i--)
        {
            var ch = word[i];
            if (ch is >= '\uAC00' and <= '\uD7A3')
            {
                var jong = (ch - 0xAC00) % 28;
                finalIsRieul = jong == 8;
                return jong != 0;
            }

            // Latin letters and digits are read the Korean way: "TV" = 티비 (no 받침), "LED" = 엘이디, "1" = 일 (ㄹ).
            if (char.IsAsciiLetter(ch))
            {
                var letter = char.ToUpperInvariant(ch);
                finalIsRieul = letter is 'L' or 'R';
                return letter is 'L' or 'M' or 'N' or 'R';
            }

            if (char.IsAsciiDigit(ch))
            {
                finalIsRieul = ch is '1' or '7' or '8';
                return ch is '0' or '1' or '3' or '6' or '7' or '8';
            }

            // Other letters cannot be read; closing punctuation is skipped so "유리병)" still reads as "유리병".
            if (char.IsLetterOrDigit(ch))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Appends 은/는 to the word, or "은(는)" when the ending cannot be read.</summary>
    public static string WithTopic(string word) => EndsWithBatchim(word, out _) switch
    {
        true => word + "은",
        false => word + "는",
        null => word + "은(는)",
    };

    /// <summary>Appends 으로/로 to the word (ㄹ final takes 로), or "(으)로" when the ending cannot be read.</summary>
    public static string WithDirection(string word) => EndsWithBatchim(word, out var rieul) switch
    {
        true when rieul => word + "로",
        true => word + "으로",
        false => word + "로",
        null => word + "(으)로",
    };
    /// <summary>Appends 을/를 to the word, or "을(를)" when the ending cannot be read.</summary>
    public static string WithObject(string word) => EndsWithBatchim(word, out _) switch
    {
        true => word + "을",
        false => word + "를",
        null => word + "을(를)",
    };

    /// <summary>Appends 이/가 to the word, or "이(가)" when the ending cannot be read.</summary>
    public static string WithSubject(string word) => EndsWithBatchim(word, out _) switch
    {
        true => word + "이",
        false => word + "가",
        null => word + "이(가)",
    };

    /// <summary>Appends the polite copula 이에요/예요 to the word, or "(이)에요" when the ending cannot be read.</summary>
    public static string WithCopula(string word) => EndsWithBatchim(word, out _) switch
    {
        true => word + "이에요",
        false => word + "예요",
        null => word + "(이)에요",
    };

    /// <summary>Appends 과/와 ("and") to the word, or "과(와)" when the ending cannot be read.</summary>
    public static string WithAnd(string word) => EndsWithBatchim(word, out _) switch
    {
        true => word + "과",
        false => word + "와",
        null => word + "과(와)",
    };
}
