namespace Eco.Agents.BulkWaste;

/// <summary>How one district takes bulky-waste applications.</summary>
/// <param name="Name">District (구) name, such as "마포구".</param>
/// <param name="ApplicationUrl">Web page for applications.</param>
/// <param name="Phone">Phone number for questions.</param>
/// <param name="CollectionMethod">How items are handed over after applying, in polite Korean.</param>
/// <param name="PaymentMethods">Accepted ways to pay the fee.</param>
public sealed record BulkDistrictInfo(string Name, string ApplicationUrl, string Phone, string CollectionMethod, IReadOnlyList<string> PaymentMethods);
