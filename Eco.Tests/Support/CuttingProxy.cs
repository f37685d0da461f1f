using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Eco.Tests.Support;

/// <summary>
/// A loopback TCP proxy to a real server that cuts a client's connection, instead of forwarding, the first <c>cuts</c> times the
/// client sends bytes containing <c>marker</c> — a fault at an exact point of a protocol (say, between connect and SUBSCRIBE) —
/// or, on <see cref="CutOpenConnections"/>, every connection open at that moment (a drop in the middle of a response).
/// </summary>
public sealed class CuttingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly byte[] _marker;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly ConcurrentDictionary<CancellationTokenSource, byte> _open = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private int _cutsLeft;
    private int _cuts;

    /// <summary>A proxy that cuts only on <see cref="CutOpenConnections"/>.</summary>
    public CuttingProxy(IPEndPoint upstream) : this(upstream, [], cuts: 0)
    {
    }

    public CuttingProxy(IPEndPoint upstream, byte[] marker, int cuts)
    {
        _upstream = upstream;
        _marker = marker;
        _cutsLeft = cuts;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Connections cut so far.</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    /// <summary>The head (request line and headers) of every HTTP request clients sent through the proxy, in order.</summary>
    public IReadOnlyList<string> HttpRequests => [.. _requests];

    /// <summary>Closes every connection open now, both sides, as a network drop would; later connections are relayed again.</summary>
    public void CutOpenConnections()
    {
        foreach (var cut in _open.Keys)
        {
            Interlocked.Increment(ref _cuts);
            cut.Cancel();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        using (client)
        {
            try
            {
                await upstream.ConnectAsync(_upstream, _stop.Token);
                using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                _open.TryAdd(cut, 0);
                var toServer = PumpAsync(client.GetStream(), upstream.GetStream(), inspect: true, cut);
                var toClient = PumpAsync(upstream.GetStream(), client.GetStream(), inspect: false, cut);
                await Task.WhenAny(toServer, toClient);
                _open.TryRemove(cut, out _);
                await cut.CancelAsync(); // one side ended or was cut: close both, like a dropped connection
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // the server or the client went away
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool inspect, CancellationTokenSource cut)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cut.Token);
                if (read == 0)
                {
                    return;
                }
                if (inspect)
                {
                    RecordHttpRequest(buffer.AsSpan(0, read));
                }
                if (inspect && _marker.Length > 0 && buffer.AsSpan(0, read).IndexOf(_marker) >= 0 && Interlocked.Decrement(ref _cutsLeft) >= 0)
                {
                    Interlocked.Increment(ref _cuts);
                    return; // not forwarded: the caller closes both sockets
                }
                await to.WriteAsync(buffer.AsMemory(0, read), cut.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // closed
        }
    }

    // A browser writes a request's head in one piece; a chunk that starts with a method is taken as one.
    private void RecordHttpRequest(ReadOnlySpan<byte> chunk)
    {
        if (chunk.StartsWith("GET "u8) || chunk.StartsWith("POST "u8))
        {
            var text = Encoding.ASCII.GetString(chunk);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            _requests.Enqueue(end < 0 ? text : text[..end]);
        }
    }
}
