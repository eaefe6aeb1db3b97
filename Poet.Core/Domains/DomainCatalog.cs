namespace Poet;

/// <summary>Finds domain templates by name: the user's (<see cref="PoetOptions.AddDomain"/>) first, then the built-ins.</summary>
public sealed class DomainCatalog
{
    private readonly Dictionary<string, DomainTemplate> _templates = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a catalog with the built-in templates and the given user templates.</summary>
    /// <param name="userTemplates">Templates that add to or replace the built-ins.</param>
    public DomainCatalog(IEnumerable<DomainTemplate>? userTemplates = null)
    {
        _templates[GenericDomain.Name] = GenericDomain.Template;
        _templates[MlMonitoringDomain.Name] = MlMonitoringDomain.Template;
        foreach (var template in userTemplates ?? [])
        {
            _templates[template.Name] = template;
        }
    }

    /// <summary>The template names known, ordered.</summary>
    public IReadOnlyList<string> Names => [.. _templates.Keys.Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The template for a domain name; null or empty means <c>generic</c>.</summary>
    /// <param name="domain">The domain name from <see cref="PoetAttribute.Domain"/>.</param>
    /// <returns>The template.</returns>
    /// <exception cref="ArgumentException">No template has that name; the message lists the known ones.</exception>
    public DomainTemplate Get(string? domain)
    {
        if (string.IsNullOrWhiteSpace(domain))
        {
            return GenericDomain.Template;
        }

        return _templates.TryGetValue(domain, out var template)
            ? template
            : throw new ArgumentException(
                $"Unknown POET domain '{domain}'. Known domains: {string.Join(", ", Names)}. " +
                "Fix [Poet(Domain = ...)] or register your template with PoetOptions.AddDomain(...).", nameof(domain));
    }
}
