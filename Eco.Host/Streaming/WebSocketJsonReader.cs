using System.Net.WebSockets;
using System.Text.Json;

namespace Eco.Host.Streaming;

/// <summary>A client's side of a job stream: each WebSocket message is one JSON event, reassembled from its fragments.</summary>
internal sealed class WebSocketJsonReader(WebSocket socket, int bufferSize = 16 * 1024)
{
    private readonly byte[] _buffer = new byte[bufferSize];
    private readonly MemoryStream _message = new();

    /// <summary>
    /// The next message, or null once the server has closed (see <see cref="WebSocket.CloseStatus"/>). The document reads this
    /// reader's buffer: dispose of it before the next call.
    /// </summary>
    public async Task<JsonDocument?> ReadAsync(CancellationToken cancellationToken) =>
        await ReadBytesAsync(cancellationToken) is { } message ? JsonDocument.Parse(message) : null;

    /// <summary>The next message's UTF-8 text, unparsed (valid until the next call), or null once the server has closed.</summary>
    public async Task<ReadOnlyMemory<byte>?> ReadBytesAsync(CancellationToken cancellationToken)
    {
        _message.SetLength(0);
        while (true)
        {
            var result = await socket.ReceiveAsync(_buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            _message.Write(_buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return _message.GetBuffer().AsMemory(0, (int)_message.Length);
            }
        }
    }
}
