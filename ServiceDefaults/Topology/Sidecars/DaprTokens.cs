namespace Platform.Sidecars;

/// <summary>
/// Dapr's own names for its two shared secrets (daprd reads them from its environment, the Dapr SDKs from the
/// app's), spelled once for the AppHost, the manifests, the gateway and the services.
/// </summary>
public static class DaprTokens
{
    /// <summary>
    /// The sidecar's API token: with it set, daprd refuses every API call but <c>GET /v1.0/healthz</c> (and
    /// <c>/outbound</c>) that lacks <see cref="Header"/>; the app beside it sends it (DaprClient does so by itself).
    /// </summary>
    public const string ApiTokenVariable = "DAPR_API_TOKEN";

    /// <summary>The app token: daprd sends it to its app as <see cref="Header"/>; the app refuses calls without it.</summary>
    public const string AppTokenVariable = "APP_API_TOKEN";

    /// <summary>The header (gRPC metadata) that carries either token, towards the sidecar or towards the app.</summary>
    public const string Header = "dapr-api-token";

    /// <summary>
    /// Every header Dapr gives a meaning to starts so (<c>dapr-app-id</c>, <c>dapr-api-token</c>,
    /// <c>dapr-caller-app-id</c>, ...): a client must not send any of them through the gateway.
    /// </summary>
    public const string HeaderPrefix = "dapr-";
}
