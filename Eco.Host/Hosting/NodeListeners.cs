using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Eco.Host.Hosting;

/// <summary>The node's two kinds of listener: the public API (<c>Eco:Urls</c>) and the management port (<c>Eco:Admin:Urls</c>),
/// which alone serves <c>/admin/*</c> so exposing the public API never exposes operations.</summary>
/// <remarks>A connection's kind is told by the local port it came in on (never by the Host header, which a client writes), so the
/// two lists may not share a port.</remarks>
internal sealed class NodeListeners
{
    public const string DefaultPublic = "http://127.0.0.1:5080";
    public const string DefaultAdmin = "http://127.0.0.1:5081";

    private readonly List<ListenOptions> _public = [];
    private readonly List<ListenOptions> _admin = [];

    private readonly List<Address> _publicAddresses;
    private readonly List<Address> _adminAddresses;

    /// <summary>Parses both lists; a bad address, or a port in both, is a configuration mistake with the reason.</summary>
    public NodeListeners(string publicUrls, string adminUrls)
    {
        _publicAddresses = Parse(publicUrls, "Eco:Urls");
        _adminAddresses = Parse(adminUrls, "Eco:Admin:Urls");
        if (_publicAddresses.Select(a => a.Port).Intersect(_adminAddresses.Select(a => a.Port)).FirstOrDefault(p => p != 0) is var shared and > 0)
        {
            throw new InvalidSettingException($"Eco:Urls and Eco:Admin:Urls both use port {shared}; the management port must be a port of its own");
        }
        LoopbackOnly = _publicAddresses.Concat(_adminAddresses).All(a => a.Loopback);
    }

    /// <summary>True when every listener is on a loopback address (what switching authentication off requires).</summary>
    public bool LoopbackOnly { get; }

    /// <summary>Adds both lists to Kestrel.</summary>
    public void Apply(KestrelServerOptions kestrel)
    {
        _public.Clear();
        _admin.Clear();
        foreach (var address in _publicAddresses)
        {
            Listen(kestrel, address, _public);
        }
        foreach (var address in _adminAddresses)
        {
            Listen(kestrel, address, _admin);
        }
    }

    /// <summary>True for a connection that came in on the management port.</summary>
    public bool IsManagement(HttpContext context) => _admin.Any(o => o.IPEndPoint?.Port == context.Connection.LocalPort);

    /// <summary>The management endpoint as a client on this machine reaches it (after the server started: a port 0 is bound by then).</summary>
    public Uri AdminUri => Reachable(_admin);

    /// <summary>The public endpoint as a client on this machine reaches it.</summary>
    public Uri PublicUri => Reachable(_public);

    private static Uri Reachable(List<ListenOptions> listeners)
    {
        var endpoint = listeners[0].IPEndPoint!;
        var host = endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any) ? "127.0.0.1"
            : endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
        return new Uri($"http://{host}:{endpoint.Port}/");
    }

    private sealed record Address(string Host, int Port, bool Loopback);

    private static List<Address> Parse(string urls, string setting)
    {
        var addresses = new List<Address>();
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress parsed;
            try
            {
                parsed = BindingAddress.Parse(url);
            }
            catch (FormatException ex)
            {
                throw new InvalidSettingException($"{setting}: '{url}' is not a listen address like http://0.0.0.0:5080 ({ex.Message})", ex);
            }
            if (parsed.Scheme != "http")
            {
                throw new InvalidSettingException($"{setting}: '{url}' must be http:// (terminate TLS in front of the node: an ingress or a proxy)");
            }
            var loopback = parsed.Host == "localhost" || (IPAddress.TryParse(parsed.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
            if (parsed.Host is not ("*" or "+" or "localhost") && !IPAddress.TryParse(parsed.Host.Trim('[', ']'), out _))
            {
                throw new InvalidSettingException($"{setting}: '{url}' names host '{parsed.Host}'; listen on an IP address, localhost, or * for every address");
            }
            addresses.Add(new Address(parsed.Host, parsed.Port, loopback));
        }
        return addresses.Count > 0 ? addresses : throw new InvalidSettingException($"{setting} is empty; give at least one address like http://127.0.0.1:5080");
    }

    private static void Listen(KestrelServerOptions kestrel, Address address, List<ListenOptions> into)
    {
        switch (address.Host)
        {
            case "*" or "+":
                kestrel.ListenAnyIP(address.Port, into.Add);
                break;
            case "localhost":
                kestrel.ListenLocalhost(address.Port, into.Add);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(address.Host.Trim('[', ']')), address.Port, into.Add);
                break;
        }
    }
}
