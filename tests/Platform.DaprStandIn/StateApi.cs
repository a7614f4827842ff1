using System.Globalization;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Platform.DaprStandIn;

/// <summary>
/// State kept the way Dapr's Redis state store keeps it: per key the raw value (<c>data</c>) and an integer version
/// (<c>version</c>) that is the ETag and goes up by one on every write.
/// </summary>
public sealed class StateStores(IEnumerable<string> storeNames)
{
    private readonly HashSet<string> names = new(storeNames, StringComparer.Ordinal);
    private readonly Dictionary<(string Store, string Key), (ByteString Data, long Version)> items = [];
    private readonly Lock gate = new();

    public bool Exists(string store) => names.Contains(store);

    /// <summary>What is stored under <paramref name="key"/>: the value as UTF-8 and its ETag; null when missing.</summary>
    public (string Data, string ETag)? Peek(string store, string key)
    {
        lock (gate)
        {
            return items.TryGetValue((store, key), out var item) ? (item.Data.ToStringUtf8(), Format(item.Version)) : null;
        }
    }

    internal (ByteString Data, string ETag)? Get(string store, string key)
    {
        lock (gate)
        {
            return items.TryGetValue((store, key), out var item) ? (item.Data, Format(item.Version)) : null;
        }
    }

    /// <summary>
    /// One write, as Dapr's Redis state store's script does it: with an ETag the stored version must equal it (a key
    /// that does not exist yet is written whatever the ETag); without one, last-write-wins, unless first-write
    /// concurrency was asked for, which then only writes a key that does not exist.
    /// </summary>
    internal (StatusCode Status, string? ETag) Set(string store, string key, ByteString data, string? etag, bool firstWrite)
    {
        if (!TryParseETag(etag, out var expected))
        {
            return (StatusCode.InvalidArgument, null);
        }

        lock (gate)
        {
            var status = Check(store, key, expected, firstWrite);
            return status == StatusCode.OK ? (status, Write(store, key, data)) : (status, null);
        }
    }

    /// <summary>
    /// A state transaction of upserts, applied all or nothing (as a transactional component such as
    /// <c>state.sqlite</c> does): every condition is checked first, under one lock, and the first that does not hold
    /// fails the whole transaction.
    /// </summary>
    internal (StatusCode Status, string? FailedKey) SetAll(string store, IReadOnlyList<(string Key, ByteString Data, string? ETag, bool FirstWrite)> writes)
    {
        var expected = new long?[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            if (!TryParseETag(writes[i].ETag, out expected[i]))
            {
                return (StatusCode.InvalidArgument, writes[i].Key);
            }
        }

        lock (gate)
        {
            for (var i = 0; i < writes.Count; i++)
            {
                if (Check(store, writes[i].Key, expected[i], writes[i].FirstWrite) != StatusCode.OK)
                {
                    return (StatusCode.Aborted, writes[i].Key);
                }
            }

            foreach (var write in writes)
            {
                Write(store, write.Key, write.Data);
            }

            return (StatusCode.OK, null);
        }
    }

    private static bool TryParseETag(string? etag, out long? expected)
    {
        expected = null;
        if (string.IsNullOrEmpty(etag))
        {
            return true;
        }

        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        expected = parsed;
        return true;
    }

    // Under the lock.
    private StatusCode Check(string store, string key, long? expected, bool firstWrite)
    {
        var exists = items.TryGetValue((store, key), out var current);
        if (exists && expected is { } version && current.Version != version)
        {
            return StatusCode.Aborted;
        }

        return exists && expected is null && firstWrite ? StatusCode.Aborted : StatusCode.OK;
    }

    // Under the lock.
    private string Write(string store, string key, ByteString data)
    {
        var version = (items.TryGetValue((store, key), out var current) ? current.Version : 0) + 1;
        items[(store, key)] = (data, version);
        return Format(version);
    }

    internal StatusCode Delete(string store, string key, string? etag)
    {
        lock (gate)
        {
            if (items.TryGetValue((store, key), out var current) && !string.IsNullOrEmpty(etag) && Format(current.Version) != etag)
            {
                return StatusCode.Aborted;
            }

            items.Remove((store, key));
            return StatusCode.OK;
        }
    }

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The state methods of the Dapr runtime's gRPC service, answered as daprd answers them.</summary>
internal sealed class DaprStateService(StateStores stores, Recorder recorder)
{
    public Task<GetStateResponse> GetState(GetStateRequest request, ServerCallContext context)
    {
        RequireStore(request.StoreName, "GetState", request.Key);
        var item = stores.Get(request.StoreName, request.Key);
        recorder.Add(new RecordedStateCall("GetState", request.StoreName, request.Key, null, null,
            item?.Data.ToStringUtf8(), item is null ? "NotFound" : "OK", item?.ETag));
        // daprd answers a missing key with an empty response, not an error.
        return Task.FromResult(item is { } found ? new GetStateResponse { Data = found.Data, Etag = found.ETag } : new GetStateResponse());
    }

    public Task<Google.Protobuf.WellKnownTypes.Empty> SaveState(SaveStateRequest request, ServerCallContext context)
    {
        foreach (var item in request.States)
        {
            RequireStore(request.StoreName, "SaveState", item.Key);
            var etag = item.Etag?.Value;
            var concurrency = item.Options?.Concurrency;
            var (status, written) = stores.Set(request.StoreName, item.Key, item.Value, etag,
                concurrency == Dapr.Client.Autogen.Grpc.v1.StateOptions.Types.StateConcurrency.ConcurrencyFirstWrite);
            recorder.Add(new RecordedStateCall("SaveState", request.StoreName, item.Key, etag, concurrency?.ToString(),
                item.Value.ToStringUtf8(), status.ToString(), written));
            switch (status)
            {
                case StatusCode.Aborted:
                    throw new RpcException(new Status(StatusCode.Aborted,
                        $"failed saving state in state store {request.StoreName}: possible etag mismatch. error from state store: ERR Error running script: failed to set key {item.Key}"));
                case StatusCode.InvalidArgument:
                    throw new RpcException(new Status(StatusCode.InvalidArgument,
                        $"failed saving state in state store {request.StoreName}: invalid etag value: {etag}"));
            }
        }

        return Task.FromResult(new Google.Protobuf.WellKnownTypes.Empty());
    }

    public Task<Google.Protobuf.WellKnownTypes.Empty> ExecuteStateTransaction(ExecuteStateTransactionRequest request, ServerCallContext context)
    {
        RequireStore(request.StoreName, "ExecuteStateTransaction", string.Join(",", request.Operations.Select(o => o.Request.Key)));
        if (request.Operations.Any(o => o.OperationType != "upsert"))
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "the stand-in's state transactions only upsert"));
        }

        var writes = request.Operations.Select(o => (Key: o.Request.Key, Data: o.Request.Value, ETag: o.Request.Etag?.Value,
            FirstWrite: o.Request.Options?.Concurrency == Dapr.Client.Autogen.Grpc.v1.StateOptions.Types.StateConcurrency.ConcurrencyFirstWrite)).ToList();
        var (status, failedKey) = stores.SetAll(request.StoreName, writes);
        foreach (var write in writes)
        {
            recorder.Add(new RecordedStateCall("ExecuteStateTransaction", request.StoreName, write.Key, write.ETag,
                write.FirstWrite ? "ConcurrencyFirstWrite" : null, write.Data.ToStringUtf8(), status.ToString(), null));
        }

        // daprd answers every failed transaction with Internal, the store's own words in the message (api/grpc).
        return status switch
        {
            StatusCode.OK => Task.FromResult(new Google.Protobuf.WellKnownTypes.Empty()),
            StatusCode.Aborted => throw new RpcException(new Status(StatusCode.Internal,
                $"error while executing state transaction: possible etag mismatch. error from state store: failed to set key {failedKey}")),
            _ => throw new RpcException(new Status(StatusCode.Internal,
                $"error while executing state transaction: invalid etag value for key {failedKey}")),
        };
    }

    public Task<Google.Protobuf.WellKnownTypes.Empty> DeleteState(DeleteStateRequest request, ServerCallContext context)
    {
        RequireStore(request.StoreName, "DeleteState", request.Key);
        var status = stores.Delete(request.StoreName, request.Key, request.Etag?.Value);
        recorder.Add(new RecordedStateCall("DeleteState", request.StoreName, request.Key, request.Etag?.Value,
            request.Options?.Concurrency.ToString(), null, status.ToString(), null));
        return status == StatusCode.OK
            ? Task.FromResult(new Google.Protobuf.WellKnownTypes.Empty())
            : throw new RpcException(new Status(status, $"failed deleting state with key {request.Key}: possible etag mismatch"));
    }

    private void RequireStore(string store, string operation, string key)
    {
        if (!stores.Exists(store))
        {
            recorder.Add(new RecordedStateCall(operation, store, key, null, null, null, nameof(StatusCode.InvalidArgument), null));
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"state store {store} is not found"));
        }
    }
}

/// <summary>
/// Binds the methods above to <c>dapr.proto.runtime.v1.Dapr</c> with the message types of the <c>Dapr.Protos</c>
/// package. That package has no server base class, so the methods are declared here by name, as the proto does.
/// </summary>
internal sealed class DaprStateMethods : IServiceMethodProvider<DaprStateService>
{
    public const string ServiceName = "dapr.proto.runtime.v1.Dapr";

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<DaprStateService> context)
    {
        context.AddUnaryMethod(Unary("GetState", GetStateRequest.Parser, GetStateResponse.Parser), [], (s, r, c) => s.GetState(r, c));
        context.AddUnaryMethod(Unary("SaveState", SaveStateRequest.Parser, Google.Protobuf.WellKnownTypes.Empty.Parser), [], (s, r, c) => s.SaveState(r, c));
        context.AddUnaryMethod(Unary("ExecuteStateTransaction", ExecuteStateTransactionRequest.Parser, Google.Protobuf.WellKnownTypes.Empty.Parser), [], (s, r, c) => s.ExecuteStateTransaction(r, c));
        context.AddUnaryMethod(Unary("DeleteState", DeleteStateRequest.Parser, Google.Protobuf.WellKnownTypes.Empty.Parser), [], (s, r, c) => s.DeleteState(r, c));
    }

    private static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string name, MessageParser<TRequest> requests, MessageParser<TResponse> responses)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        new(MethodType.Unary, ServiceName, name,
            Marshallers.Create(m => m.ToByteArray(), requests.ParseFrom),
            Marshallers.Create(m => m.ToByteArray(), responses.ParseFrom));
}
