using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Eco.Host.Cli;

/// <summary><c>eco images list</c> and <c>eco images delete</c>: the photos a user uploaded for scans (<c>eco scan FILE</c>), and
/// their allowance, over a node's public API.</summary>
internal static class ImageCommands
{
    public static Command Create()
    {
        var images = new Command("images", "Your photos uploaded for scans: list them with what they take of your allowance, delete some to make room.");
        images.Subcommands.Add(List());
        images.Subcommands.Add(Delete());
        return images;
    }

    private static Command List()
    {
        var limit = new Option<int>("--limit") { Description = "How many to list, newest first (1 to 1,000).", DefaultValueFactory = _ => 100 };
        var node = NodeAccess.User();
        var json = AdminCommands.JsonOption();
        var command = new Command("list", "Your photos, newest first: id, size, name, when uploaded; and how much of your allowance they take.")
        {
            limit, node, json,
        };
        command.SetAction((parse, token) => ProviderRegistryCommands.SendAsync(node.From(parse), HttpMethod.Get,
            $"v1/images?limit={parse.GetValue(limit).ToString(CultureInfo.InvariantCulture)}", null, parse.GetValue(json), view =>
            {
                var rows = view.GetProperty("images").EnumerateArray().Select(i => (IReadOnlyList<string>)
                [
                    i.GetProperty("image_id").GetString()!, ByteSizes.Describe(i.GetProperty("bytes").GetInt64()), AdminCommands.Text(i.GetProperty("name")),
                    i.GetProperty("stored_at").GetDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                ]).ToList();
                if (rows.Count > 0)
                {
                    Console.WriteLine(TextTable.Render(["ID", "SIZE", "NAME", "UPLOADED"], rows));
                }
                var count = view.GetProperty("count").GetInt32();
                var used = ByteSizes.Describe(view.GetProperty("used_bytes").GetInt64());
                var quota = view.GetProperty("quota_bytes");
                Console.WriteLine(count == 0 ? "no photos stored" : (count == 1 ? $"1 photo takes {used}" : $"{count} photos take {used}") +
                    (quota.ValueKind == JsonValueKind.Null ? " (no allowance set)" : $" of the {ByteSizes.Describe(quota.GetInt64())} allowed") +
                    (rows.Count < count ? $"; the newest {rows.Count} are listed" : ""));
            }, token));
        return command;
    }

    private static Command Delete()
    {
        var ids = new Argument<string[]>("image-id") { Description = "The photos to delete (ids from `eco images list`).", Arity = ArgumentArity.OneOrMore };
        var node = NodeAccess.User();
        var json = AdminCommands.JsonOption();
        var command = new Command("delete", "Delete photos of yours. A scan that already read one keeps what it saw, in its journal.") { ids, node, json };
        command.SetAction((parse, token) =>
        {
            var target = node.From(parse);
            return AdminCommands.RunAsync(target, async http =>
            {
                var exit = 0;
                var deleted = new List<string>();
                foreach (var id in parse.GetValue(ids)!)
                {
                    using var response = await http.DeleteAsync($"v1/images/{Uri.EscapeDataString(id)}", token);
                    if (response.StatusCode == HttpStatusCode.NoContent)
                    {
                        deleted.Add(id);
                        if (!parse.GetValue(json))
                        {
                            Console.WriteLine($"deleted {id}");
                        }
                        continue;
                    }
                    var reason = AdminCommands.Problem(await response.Content.ReadAsStringAsync(token));
                    if (response.StatusCode == HttpStatusCode.Unauthorized)
                    {
                        reason += $"; {target.UnauthorizedHint}";
                    }
                    await Console.Error.WriteLineAsync($"eco: {id} not deleted ({(int)response.StatusCode}): {reason}");
                    exit = 2;
                }
                if (parse.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string[]> { ["deleted"] = [.. deleted] }));
                }
                return exit;
            }, token);
        });
        return command;
    }
}
