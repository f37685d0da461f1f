using System.Text.Json;
using Eco.Agents.Dialogue;

namespace Eco.Streams.Chat;

/// <summary>A sub-agent's journaled result.</summary>
/// <param name="Agent">The sub-agent.</param>
/// <param name="Section">Its paragraph for the answer (empty when it has nothing to add).</param>
/// <param name="Data">Structured facts behind the paragraph.</param>
/// <param name="NeedsInput">Context the user must supply before this part can be answered.</param>
/// <param name="Fallback">True when the fallback path produced it.</param>
/// <param name="About">What its answer turned out to be about beyond what the question named (the nearest place it found), so a
/// follow-up ("거기 어디야?") can refer to it.</param>
public sealed record SubAgentResult(string Agent, string Section, JsonElement? Data, NeedsInput? NeedsInput, bool Fallback = false, DialogueSubject? About = null);
