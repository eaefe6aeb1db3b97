namespace Poet;

/// <summary>
/// The interceptor's view of functions: registers a function the first time it is called and serves its current
/// version from memory, so the hot path never touches disk or network. The local catalog reads the store (and
/// watches it for other processes' changes); the remote catalog mirrors a POET service.
/// </summary>
public interface IFunctionCatalog
{
    /// <summary>Registers a function (writes version 1 the first time it is seen) and returns its current version.</summary>
    /// <param name="plan">The function's plan, resolved from its attributes.</param>
    /// <returns>The current version.</returns>
    FunctionVersion Register(FunctionPlan plan);

    /// <summary>The current version of a registered function, from memory.</summary>
    /// <param name="functionId">The function id.</param>
    /// <returns>The current version.</returns>
    FunctionVersion GetCurrent(string functionId);
}
