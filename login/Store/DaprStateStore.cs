using System.Text.Json;
using Dapr;
using Dapr.Client;
using Grpc.Core;

namespace Platform.Login.Store;

/// <summary>
/// The assignment store through the Dapr state API (<c>DaprClient</c>, gRPC to the local sidecar), on the state store
/// component named <see cref="StateStoreNames.Assignments"/>. Values go over as JSON elements, so the sidecar stores
/// the document's own JSON (with Dapr's Redis state store: the hash field <c>data</c>), as direct mode writes it.
/// </summary>
/// <remarks>
/// A conditional write is Dapr's optimistic concurrency: the ETag read with the value, first-write concurrency, and
/// an ETag mismatch answered by the sidecar with gRPC <c>Aborted</c>, which <c>TrySaveStateAsync</c> reports as false.
/// One difference from direct mode, owed to Dapr's Redis state store: a write with an ETag to a key that does not
/// exist succeeds there. Login never writes with an ETag to a key it has not read, so it does not arise.
/// <para>
/// Several writes at once go as one state transaction (<c>ExecuteStateTransaction</c>). daprd answers a condition
/// that did not hold there with gRPC <c>Internal</c> and the store's "possible etag mismatch" in the message, not
/// <c>Aborted</c>, so that message is what tells it from a store that failed. How atomic the transaction is depends on
/// the component: <c>state.sqlite</c> and the SQL stores roll back; Dapr's Redis state store runs the writes in one
/// MULTI without rollback, so there a write whose condition held is applied even when another's did not.
/// </para>
/// </remarks>
internal sealed class DaprStateStore(DaprClient dapr) : IStateStore
{
    private static readonly StateOptions ConditionalWrite = new() { Concurrency = ConcurrencyMode.FirstWrite };

    // First-write concurrency without an ETag: Dapr only writes a key that does not exist yet.
    private static readonly StateOptions CreateOnlyWrite = new() { Concurrency = ConcurrencyMode.FirstWrite };

    public async Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var (value, etag) = await dapr.GetStateAndETagAsync<JsonElement>(StateStoreNames.Assignments, key, cancellationToken: cancellationToken);
        // The sidecar answers a missing key with no data (and no ETag): the SDK hands back default(JsonElement).
        return value.ValueKind == JsonValueKind.Undefined ? null : new StateEntry(value.GetRawText(), etag);
    }

    public async Task<bool> TrySaveAsync(string key, string json, string? etag, CancellationToken cancellationToken = default)
    {
        using var document = JsonDocument.Parse(json);
        var value = document.RootElement.Clone();
        if (etag is null)
        {
            await dapr.SaveStateAsync(StateStoreNames.Assignments, key, value, cancellationToken: cancellationToken);
            return true;
        }

        return await dapr.TrySaveStateAsync(StateStoreNames.Assignments, key, value, etag, ConditionalWrite, cancellationToken: cancellationToken);
    }

    public async Task<bool> TrySaveAllAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default)
    {
        var operations = writes.Select(w => new StateTransactionRequest(
            w.Key, System.Text.Encoding.UTF8.GetBytes(w.Json), StateOperationType.Upsert,
            w.CreateOnly ? null : w.ETag, metadata: null,
            w.CreateOnly ? CreateOnlyWrite : w.ETag is null ? null : ConditionalWrite)).ToList();
        try
        {
            await dapr.ExecuteStateTransactionAsync(StateStoreNames.Assignments, operations, cancellationToken: cancellationToken);
            return true;
        }
        catch (DaprException failed) when (failed.InnerException is RpcException rpc && IsConditionNotMet(rpc))
        {
            return false;
        }
        catch (RpcException rpc) when (IsConditionNotMet(rpc))
        {
            return false;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        dapr.DeleteStateAsync(StateStoreNames.Assignments, key, cancellationToken: cancellationToken);

    private static bool IsConditionNotMet(RpcException rpc) =>
        rpc.StatusCode == StatusCode.Aborted
        || (rpc.StatusCode == StatusCode.Internal && rpc.Status.Detail.Contains("etag mismatch", StringComparison.OrdinalIgnoreCase));
}
