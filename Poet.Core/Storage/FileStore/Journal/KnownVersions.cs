namespace Poet.Storage.FileStore;

/// <summary>
/// A function folder's current version as a <see cref="FunctionJournal"/> instance left it with its own last change
/// (see <see cref="FunctionJournal.Known"/>): its metadata, plan and train spec parsed and as bytes, and the highest
/// version number. Valid while the journal ends as <see cref="Stamp"/> says: every change of the folder, by any
/// process, appends a line with a unique id to the journal or empties it. The current version is the folder's highest
/// (it was just written as the highest number plus one), so the next version is one more.
/// </summary>
/// <param name="Current">The current version's metadata, as read back from the bytes written.</param>
/// <param name="Plan">Its plan (<c>enhanced.json</c>).</param>
/// <param name="TrainSpec">Its train spec (<c>train.json</c>).</param>
/// <param name="Enhanced">The bytes of <c>enhanced.json</c> (copied into the next version).</param>
/// <param name="Train">The bytes of <c>train.json</c> (copied into the next version).</param>
/// <param name="Stamp">How the journal ended when this was true.</param>
internal sealed record KnownVersions(
    FunctionVersion Current, FunctionPlan Plan, TrainSpec TrainSpec, byte[] Enhanced, byte[] Train, JournalStamp Stamp);

/// <summary>How a journal ended after a write: its length and its last line (each line holds a unique id).</summary>
/// <param name="Length">The journal's length in bytes (never 0: an empty journal is not a stamp, see <see cref="FunctionJournal.Known"/>).</param>
/// <param name="LastLine">Its last line, without the newline.</param>
internal sealed record JournalStamp(long Length, byte[] LastLine);
