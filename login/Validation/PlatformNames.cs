using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Platform.Login.Validation;

/// <summary>
/// What names of tenants, rings, services and versions, and user names, may look like. They become store keys
/// (<c>tenant:{name}</c>; in Redis and Dapr <c>assignments||tenant:{name}</c>), log fields and headers, so they are
/// short and from a small alphabet: no <c>|</c> (Dapr reserves <c>||</c> in its key layout and refuses such keys),
/// no whitespace or control characters, nothing a log line or header could be split with.
/// </summary>
internal static partial class PlatformNames
{
    public const int MaxNameLength = 63;

    /// <summary>An email address may be longer (RFC 5321 allows 254), but is still one short token.</summary>
    public const int MaxUserNameLength = 254;

    /// <summary>Long enough for any passphrase; a longer one would only make the hash check expensive.</summary>
    public const int MaxPasswordLength = 512;

    public static bool IsName(string value) => NamePattern().IsMatch(value);

    public static bool IsUserName(string value) => UserNamePattern().IsMatch(value);

    // Letters, digits, '.', '_' and '-', starting with a letter or digit: what the matrix, kubernetes and Dapr app-ids use.
    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\A[A-Za-z0-9._%+@-]{1,254}\z", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();
}

/// <summary>A tenant, ring, service or version name (<see cref="PlatformNames"/>). Null is left to the endpoint, which says what is missing.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
internal sealed class NameAttribute : ValidationAttribute
{
    public NameAttribute()
        : base($"Use up to {PlatformNames.MaxNameLength} letters, digits, '.', '_' or '-', starting with a letter or digit.")
    {
    }

    public override bool IsValid(object? value) => value is null || (value is string name && PlatformNames.IsName(name));
}

/// <summary>A user name: an email address of up to 254 characters, without spaces or separators (<see cref="PlatformNames"/>).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
internal sealed class UserNameAttribute : ValidationAttribute
{
    public UserNameAttribute()
        : base($"Enter the user name, an email address of up to {PlatformNames.MaxUserNameLength} characters without spaces.")
    {
    }

    // Surrounding spaces are forgiven (sign-in trims them); anything else outside the alphabet is refused.
    public override bool IsValid(object? value) => value is null || (value is string name && (name.Trim() is var trimmed && (trimmed.Length == 0 || PlatformNames.IsUserName(trimmed))));
}
