using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.Login.Admin;

/// <summary>
/// The admin API's optimistic concurrency, the same on every write: <c>If-Match</c> is required (428 without it, so
/// no client overwrites blindly) and a change made by someone else in between gives 412.
/// </summary>
internal static class AdminPreconditions
{
    // 412 both when the ETag sent is already stale and when another write wins the race after the check: either way
    // the precondition the client stated did not hold when the write was applied.
    public static ProblemHttpResult ChangedMeanwhile(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Changed by someone else",
            detail: $"The {what} was changed since you read it; your change was not saved. Reload, check, and apply it again.");

    public static ProblemHttpResult? Precondition(string? ifMatch, string currentETag, string what, string listPath) =>
        string.IsNullOrWhiteSpace(ifMatch)
            ? TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required",
                detail: $"Send If-Match with the ETag of the {what} you read (the etag field of GET {listPath}), so a change made by someone else is not overwritten.")
            : ifMatch.Trim().Trim('"') != currentETag ? ChangedMeanwhile(what) : null;
}
