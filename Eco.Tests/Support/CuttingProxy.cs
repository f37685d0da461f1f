using System.Net;
using System.Net.Sockets;

namespace Eco.Tests.Support;

/// <summary>
/// A loopback TCP proxy to a real server that cuts a client's connection, instead of forwarding, the first <c>cuts</c> times the
/// client sends bytes containing <c>marker</c> — a fault at an exact point of a protocol (say, between connect and SUBSCRIBE).
/// </summary>
public sealed class CuttingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly byte[] _marker;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _cutsLeft;
    private int _cuts;

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
                var toServer = PumpAsync(client.GetStream(), upstream.GetStream(), inspect: true, cut);
                var toClient = PumpAsync(upstream.GetStream(), client.GetStream(), inspect: false, cut);
                await Task.WhenAny(toServer, toClient);
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
                if (inspect && buffer.AsSpan(0, read).IndexOf(_marker) >= 0 && Interlocked.Decrement(ref _cutsLeft) >= 0)
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
}
