using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.Login.Audit;

/// <summary>
/// Why an assignment change was made: the optional <c>X-Change-Reason</c> header of every admin write (PUT, DELETE,
/// revert), kept in the change's audit entry. A header rather than a body field because clearing an override is a
/// DELETE, which has no body. Header values are ASCII; anything else is sent percent-encoded as UTF-8 (what
/// <c>encodeURIComponent</c> gives) and decoded here.
/// </summary>
internal static class ChangeReason
{
    public const string HeaderName = "X-Change-Reason";

    public const int MaxLength = 500;

    /// <summary>The reason sent (null when none or blank), or a 400 saying what is wrong with it.</summary>
    public static (string? Reason, ValidationProblem? Invalid) Read(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return (null, null);
        }

        // Leaves a '%' that starts no escape as it is, so "50% of users" reads as written.
        var reason = Uri.UnescapeDataString(header).Trim();
        if (reason.Length > MaxLength || reason.Any(char.IsControl))
        {
            return (null, TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [HeaderName] = [$"Give the reason in up to {MaxLength} characters on one line (percent-encode anything that is not ASCII)."] },
                title: "The change is not valid"));
        }

        return (reason, null);
    }
}
