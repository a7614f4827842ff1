using System.Text.Json;
using Dapr.Client;

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
/// </remarks>
internal sealed class DaprStateStore(DaprClient dapr) : IStateStore
{
    private static readonly StateOptions ConditionalWrite = new() { Concurrency = ConcurrencyMode.FirstWrite };

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
}
