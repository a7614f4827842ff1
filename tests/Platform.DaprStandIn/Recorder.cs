using System.Collections.Concurrent;

namespace Platform.DaprStandIn;

/// <summary>One service invocation the stand-in received on its HTTP port, and what it forwarded.</summary>
/// <param name="AppId">The app-id the caller named (header <c>dapr-app-id</c> or <c>/v1.0/invoke/{id}/method/...</c>).</param>
/// <param name="ReceivedHeaders">The headers as the caller sent them to the sidecar.</param>
/// <param name="ForwardedHeaders">The headers as the sidecar sent them to the app (empty when nothing was forwarded).</param>
/// <param name="Target">The app address it was forwarded to; null when the app-id was unknown.</param>
public sealed record RecordedInvocation(
    string AppId,
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> ReceivedHeaders,
    IReadOnlyDictionary<string, string> ForwardedHeaders,
    string Body,
    string? Target,
    int Status);

/// <summary>One state API call the stand-in received over gRPC.</summary>
/// <param name="Operation">The gRPC method: <c>GetState</c>, <c>SaveState</c>, <c>DeleteState</c>, <c>ExecuteStateTransaction</c> (one record per write).</param>
/// <param name="ETag">The ETag the caller sent (null: none).</param>
/// <param name="Concurrency">The concurrency option the caller sent, e.g. <c>ConcurrencyFirstWrite</c>.</param>
/// <param name="Value">The value the caller wrote (UTF-8), or the value answered to a read.</param>
/// <param name="Outcome">What the stand-in answered: <c>OK</c>, <c>NotFound</c> (a read of a missing key), or a gRPC status such as <c>Aborted</c>.</param>
public sealed record RecordedStateCall(
    string Operation,
    string Store,
    string Key,
    string? ETag,
    string? Concurrency,
    string? Value,
    string Outcome,
    string? ResultETag);

/// <summary>A request daprd's own API served (not an invocation): <c>/v1.0/metadata</c>, <c>/v1.0/shutdown</c>, ...</summary>
/// <param name="Path">The path as daprd's router saw it (cleaned).</param>
/// <param name="HadAppId">Whether the request carried <c>dapr-app-id</c>: the API took it even so, as daprd does.</param>
public sealed record RecordedApiCall(string Method, string Path, bool HadAppId, int Status);

/// <summary>A request refused for its API token (HTTP 401 or gRPC <c>Unauthenticated</c>).</summary>
public sealed record RecordedRefusal(string Method, string Path, string Reason, int Status);

/// <summary>Everything the stand-in was asked, in order, so tests can assert the exact requests.</summary>
public sealed class Recorder
{
    /// <summary>What the record shows in place of a token: that one was sent, never which.</summary>
    public const string RedactedToken = "(redacted)";

    private readonly ConcurrentQueue<RecordedInvocation> invocations = new();
    private readonly ConcurrentQueue<RecordedStateCall> stateCalls = new();
    private readonly ConcurrentQueue<string> grpcMethods = new();
    private readonly ConcurrentQueue<RecordedApiCall> apiCalls = new();
    private readonly ConcurrentQueue<RecordedRefusal> refusals = new();

    public IReadOnlyList<RecordedInvocation> Invocations => invocations.ToArray();

    public IReadOnlyList<RecordedStateCall> StateCalls => stateCalls.ToArray();

    /// <summary>Every gRPC method path called, including ones the stand-in does not implement (answered Unimplemented).</summary>
    public IReadOnlyList<string> GrpcMethods => grpcMethods.ToArray();

    /// <summary>Requests the sidecar's own API served.</summary>
    public IReadOnlyList<RecordedApiCall> ApiCalls => apiCalls.ToArray();

    /// <summary>Requests refused for a missing or wrong <c>dapr-api-token</c>.</summary>
    public IReadOnlyList<RecordedRefusal> Refusals => refusals.ToArray();

    internal void Add(RecordedApiCall call) => apiCalls.Enqueue(call);

    internal void Add(RecordedRefusal refusal) => refusals.Enqueue(refusal);

    internal void Add(RecordedInvocation invocation) => invocations.Enqueue(invocation);

    internal void Add(RecordedStateCall call) => stateCalls.Enqueue(call);

    internal void AddGrpcMethod(string path) => grpcMethods.Enqueue(path);

    public void Clear()
    {
        invocations.Clear();
        stateCalls.Clear();
        grpcMethods.Clear();
        apiCalls.Clear();
        refusals.Clear();
    }
}
