using System.Globalization;
using System.Text.Json;
using Akka.Configuration;
using Eco.Actors.Sharding;
using Eco.Host.Hosting;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace Eco.Tests.Integration.Deploy;

/// <summary>The k8s manifests parse, and everything they reference exists: config keys, ConfigMap/Secret keys, ports, probes.</summary>
public sealed class KubernetesManifestsTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Eco.Akka.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    private static List<YamlMappingNode> Documents()
    {
        var documents = new List<YamlMappingNode>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "k8s"), "*.yaml"))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            documents.AddRange(stream.Documents.Select(d => (YamlMappingNode)d.RootNode));
        }
        return documents;
    }

    private static string? Text(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }
            node = next;
        }
        return (node as YamlScalarNode)?.Value;
    }

    private static IEnumerable<YamlMappingNode> Walk(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                yield return map;
                foreach (var child in map.Children.Values.SelectMany(Walk))
                {
                    yield return child;
                }
                break;
            case YamlSequenceNode list:
                foreach (var child in list.Children.SelectMany(Walk))
                {
                    yield return child;
                }
                break;
        }
    }

    /// <summary>Every configuration key the project knows: the profiles in config/, flattened (Section:Key), case-insensitive.</summary>
    private static HashSet<string> ConfigurationKeys()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Flatten(JsonElement element, string prefix)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}");
                }
            }
            else
            {
                keys.Add(prefix);
                if (element.ValueKind == JsonValueKind.Array)
                {
                    // A list is set from the environment one element at a time: Section__List__0, Section__List__1, …
                    keys.UnionWith(Enumerable.Range(0, 16).Select(i => $"{prefix}:{i}"));
                }
            }
        }
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "config"), "*.json"))
        {
            Flatten(JsonDocument.Parse(File.ReadAllText(file)).RootElement, "");
        }
        return keys;
    }

    [Fact]
    public void Manifests_EveryDocumentParsesWithKindAndName()
    {
        var documents = Documents();
        Assert.NotEmpty(documents);
        Assert.All(documents, d =>
        {
            Assert.False(string.IsNullOrEmpty(Text(d, "apiVersion")));
            Assert.False(string.IsNullOrEmpty(Text(d, "kind")));
            Assert.False(string.IsNullOrEmpty(Text(d, "metadata", "name")));
        });
        Assert.Contains(documents, d => Text(d, "kind") == "StatefulSet" && Text(d, "metadata", "name") == "eco");
    }

    [Fact]
    public void Manifests_EveryReferencedConfigMapSecretAndKeyExists()
    {
        var documents = Documents();
        var data = documents.Where(d => Text(d, "kind") is "ConfigMap" or "Secret").ToDictionary(
            d => (Text(d, "kind")!, Text(d, "metadata", "name")!),
            d => ((d.Children.TryGetValue(new YamlScalarNode("data"), out var a) ? a : null) as YamlMappingNode ??
                  (d.Children.TryGetValue(new YamlScalarNode("stringData"), out var b) ? b : null) as YamlMappingNode)!
                .Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet());
        var references = documents.SelectMany(Walk).ToList();
        foreach (var reference in references)
        {
            foreach (var (field, kind) in new[] { ("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret") })
            {
                if (reference.Children.TryGetValue(new YamlScalarNode(field), out var node))
                {
                    var name = Text(node, "name")!;
                    var key = Text(node, "key")!;
                    Assert.True(data.TryGetValue((kind, name), out var keys), $"{kind} '{name}' is referenced but not defined");
                    Assert.Contains(key, keys);
                }
            }
            foreach (var (field, kind) in new[] { ("configMapRef", "ConfigMap"), ("secretRef", "Secret") })
            {
                if (reference.Children.TryGetValue(new YamlScalarNode(field), out var node))
                {
                    Assert.True(data.ContainsKey((kind, Text(node, "name")!)), $"{kind} '{Text(node, "name")}' is referenced but not defined");
                }
            }
        }
    }

    [Fact]
    public void Manifests_EveryEcoSettingIsARealConfigurationKey()
    {
        var known = ConfigurationKeys();
        var names = Documents().SelectMany(Walk)
            .SelectMany(m => m.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!)
                .Concat(m.Children.TryGetValue(new YamlScalarNode("name"), out var n) && n is YamlScalarNode s ? [s.Value!] : []))
            .Where(name => name.StartsWith("Eco__", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.True(known.Contains(name.Replace("__", ":")), $"{name} is not a key of config/*.json"));
    }

    [Fact]
    public void Manifests_ServicesTargetNamedContainerPortsAndProbesUseTheHealthEndpoints()
    {
        var documents = Documents();
        var eco = documents.Single(d => Text(d, "kind") == "StatefulSet" && Text(d, "metadata", "name") == "eco");
        var container = Walk(eco).First(m => Text(m, "name") == "eco" && m.Children.ContainsKey(new YamlScalarNode("image")));
        Assert.Equal("/readyz", Text(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/healthz", Text(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("eco-nodes", Text(eco, "spec", "serviceName"));
        Assert.Contains(documents, d => Text(d, "kind") == "Service" && Text(d, "metadata", "name") == "eco-nodes" && Text(d, "spec", "clusterIP") == "None");

        var portNames = Walk(documents.Where(d => Text(d, "kind") is "StatefulSet" or "Deployment").Aggregate(new YamlSequenceNode(), (all, d) => { all.Add(d); return all; }))
            .Where(m => m.Children.ContainsKey(new YamlScalarNode("containerPort"))).Select(m => Text(m, "name")).ToHashSet();
        foreach (var service in documents.Where(d => Text(d, "kind") == "Service"))
        {
            foreach (var port in Walk(service).Where(m => m.Children.ContainsKey(new YamlScalarNode("targetPort"))))
            {
                Assert.Contains(Text(port, "targetPort"), portNames);
            }
        }
        // The client service exposes the public API alone; the management port is reached only through the pods (headless).
        var client = documents.Single(d => Text(d, "kind") == "Service" && Text(d, "metadata", "name") == "eco");
        Assert.DoesNotContain(Walk(client), m => Text(m, "targetPort") == "management");
        Assert.Contains(Walk(documents.Single(d => Text(d, "kind") == "Service" && Text(d, "metadata", "name") == "eco-nodes")), m => Text(m, "targetPort") == "management");
        Assert.Contains("management", portNames);
    }

    [Fact]
    public void Manifests_SeedsAreTheStatefulSetsPodsOnTheRemotingPortAndRenderIntoAkkaSettings()
    {
        var documents = Documents();
        var eco = documents.Single(d => Text(d, "kind") == "StatefulSet" && Text(d, "metadata", "name") == "eco");
        var replicas = int.Parse(Text(eco, "spec", "replicas")!, CultureInfo.InvariantCulture);
        var service = Text(eco, "spec", "serviceName")!;
        var settings = ((YamlMappingNode)documents.Single(d => Text(d, "kind") == "ConfigMap" && Text(d, "metadata", "name") == "eco-config")
                .Children[new YamlScalarNode("data")]).Children
            .ToDictionary(e => ((YamlScalarNode)e.Key).Value!.Replace("__", ":"), e => (string?)((YamlScalarNode)e.Value).Value);
        // The pod's own variables, as Kubernetes expands them for pod eco-1.
        var container = Walk(eco).First(m => Text(m, "name") == "eco" && m.Children.ContainsKey(new YamlScalarNode("image")));
        foreach (var variable in ((YamlSequenceNode)container.Children[new YamlScalarNode("env")]).Children.OfType<YamlMappingNode>())
        {
            if (Text(variable, "value") is { } value && Text(variable, "name")!.StartsWith("Eco__", StringComparison.Ordinal))
            {
                settings[Text(variable, "name")!.Replace("__", ":")] = value.Replace("$(POD_NAME)", "eco-1", StringComparison.Ordinal);
            }
        }
        var cluster = new ConfigurationBuilder().AddInMemoryCollection(settings).Build()
            .GetSection(ClusterOptions.SectionName).Get<ClusterOptions>()!;

        var remoting = Walk(eco).Single(m => Text(m, "name") == "remoting" && m.Children.ContainsKey(new YamlScalarNode("containerPort")));
        Assert.Equal(cluster.Port.ToString(CultureInfo.InvariantCulture), Text(remoting, "containerPort"));
        var headless = documents.Single(d => Text(d, "kind") == "Service" && Text(d, "metadata", "name") == service);
        Assert.Contains(Walk(headless), m => Text(m, "targetPort") == "remoting");
        Assert.Equal(Enumerable.Range(0, replicas).Select(i => $"eco-{i}.{service}:{cluster.Port}"), cluster.Seeds);
        Assert.Equal($"eco-1.{service}", cluster.PublicHost);
        Assert.Equal("eco-1", cluster.NodeId);

        var akka = ConfigurationFactory.ParseString(EcoHocon.Render(cluster));
        Assert.Equal($"akka.tcp://{cluster.Name}@eco-0.{service}:{cluster.Port}", akka.GetStringList("akka.cluster.seed-nodes")[0]);
        Assert.Equal($"eco-1.{service}", akka.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal("0.0.0.0", akka.GetString("akka.remote.dot-netty.tcp.hostname"));
    }
}
