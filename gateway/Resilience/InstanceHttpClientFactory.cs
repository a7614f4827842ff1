using System.Net.Http;
using Microsoft.Extensions.Options;
using Platform.Gateway.Telemetry;
using Platform.Settings;
using Yarp.ReverseProxy.Forwarder;

namespace Platform.Gateway.Resilience;

/// <summary>
/// YARP's own client factory with a connect timeout, and a client span only for sampled requests
/// (<see cref="SampledTracingHandler"/>). SocketsHttpHandler waits for a connection as long as the request may take
/// (YARP's default activity timeout is 100 s); an instance that is gone must instead fail fast, so the request is
/// retried elsewhere and the instance leaves rotation. A cluster that fails over between its instances gets the
/// short wait for response headers its metadata asks for (<see cref="FirstAttemptClient"/>).
/// </summary>
internal sealed class InstanceHttpClientFactory(IOptions<ResilienceOptions> options) : ForwarderHttpClientFactory, IForwarderHttpClientFactory
{
    HttpMessageInvoker IForwarderHttpClientFactory.CreateClient(ForwarderHttpClientContext context)
    {
        // YARP hands back the old client when the settings did not change: it is already wrapped. The metadata cannot
        // change without a restart (its timeout is a setting bound once), so it needs no comparing of its own.
        var client = CreateClient(context);
        return client != context.OldClient && FirstAttemptClient.TryGetResponseHeadersTimeout(context.NewMetadata, out var timeout)
            ? new FirstAttemptClient(client, timeout)
            : client;
    }

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = options.Value.InstanceConnectTimeout;
    }

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler)
    {
        var traced = (SocketsHttpHandler)handler;
        // YARP's handler without the propagator, which is what keeps .NET's DiagnosticsHandler out of its chain: the
        // settings YARP makes before ConfigureHandler are copied, ConfigureHandler makes the rest.
        var untraced = new SocketsHttpHandler
        {
            UseProxy = traced.UseProxy,
            AllowAutoRedirect = traced.AllowAutoRedirect,
            AutomaticDecompression = traced.AutomaticDecompression,
            UseCookies = traced.UseCookies,
            ActivityHeadersPropagator = null,
        };
        ConfigureHandler(context, untraced);
        return new SampledTracingHandler(base.WrapHandler(context, traced), base.WrapHandler(context, untraced));
    }
}
