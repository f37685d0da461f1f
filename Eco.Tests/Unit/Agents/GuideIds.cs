namespace Eco.Tests.Unit.Agents;

/// <summary>The dataset's guide ids, as the retrieval tables name them.</summary>
internal static class GuideIds
{
    public const string Paper = "recyclable.paper";
    public const string PaperPack = "recyclable.paper-pack";
    public const string Pet = "recyclable.pet-clear";
    public const string Plastic = "recyclable.plastic";
    public const string Vinyl = "recyclable.vinyl";
    public const string Styrofoam = "recyclable.styrofoam";
    public const string Glass = "recyclable.glass-bottle";
    public const string Metal = "recyclable.metal";
    public const string Clothing = "recyclable.clothing";
    public const string Battery = "recyclable.battery";
    public const string Lighting = "recyclable.lighting";
    public const string Electronics = "recyclable.electronics";
    public const string General = "general-waste";
    public const string NonCombustible = "non-combustible";
    public const string Food = "food-waste";
    public const string Construction = "construction-household";
    public const string Bulky = "bulky-waste";
    public const string Hazardous = "household-hazardous";
}
