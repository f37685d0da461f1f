namespace Eco.Streams.Llm.Local;

/// <summary>Cuts text into model-token-sized pieces: at spaces and newlines, and long words into chunks.</summary>
internal static class TextPieces
{
    public static IEnumerable<string> Split(string text, int maxChars)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = start;
            // take up to maxChars, stopping after a space or newline so pieces look like words
            while (end < text.Length && end - start < maxChars)
            {
                var c = text[end++];
                if (c is ' ' or '\n')
                {
                    break;
                }
            }
            // never split a surrogate pair
            if (end < text.Length && char.IsLowSurrogate(text[end]) && end - start > 1)
            {
                end--;
            }
            yield return text[start..end];
            start = end;
        }
    }
}
