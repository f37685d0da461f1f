namespace Eco.FakeLlm;
