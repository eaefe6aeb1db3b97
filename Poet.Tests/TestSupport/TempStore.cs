namespace Poet.Tests;

/// <summary>Fresh store folders under one temp root per test run, removed when the run ends.</summary>
[SetUpFixture]
public sealed class TempStore
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "poet-tests", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A new, not yet existing store path.</summary>
    public static string NewPath() => Path.Combine(Root, Guid.NewGuid().ToString("N"));

    [OneTimeTearDown]
    public void RemoveAll()
    {
        try
        {
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
        catch (IOException)
        {
            // A store still held open by a finalizing container; the OS temp cleaner takes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
