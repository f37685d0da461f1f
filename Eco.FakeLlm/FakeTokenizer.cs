using System.Globalization;

namespace Eco.FakeLlm;

/// <summary>Splits text into small fake "tokens" (about 1–3 characters, a word boundary ends a token) for streaming.</summary>
public static class FakeTokenizer
{
    /// <summary>Most text elements (user-perceived characters) in one token.</summary>
    public const int MaxTokenLength = 3;

    /// <summary>Splits <paramref name="text"/> into tokens that concatenate back to it exactly; never splits a surrogate pair or combining sequence.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>(text.Length / 2 + 1);
        var start = 0;
        var length = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            length++;
            var end = elements.ElementIndex + element.Length;
            if (length >= MaxTokenLength || char.IsWhiteSpace(element[0]))
            {
                tokens.Add(text[start..end]);
                start = end;
                length = 0;
            }
        }
        if (start < text.Length) tokens.Add(text[start..]);
        return tokens;
    }
}
