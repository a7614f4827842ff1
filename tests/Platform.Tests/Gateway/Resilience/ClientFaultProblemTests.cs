using System.Net.Http;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Gateway.Resilience;
using Platform.Gateway.Routing;
using Platform.Tests.TestSupport;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Platform.Tests.Gateway.Resilience;

/// <summary>
/// What the client did wrong while YARP forwarded (a body too large or cut off) keeps YARP's status and is answered
/// with ProblemDetails by the failover middleware, since the service routes run without status-code pages.
/// </summary>
public sealed class ClientFaultProblemTests
{
    [Theory]
    [InlineData(StatusCodes.Status413RequestEntityTooLarge)]
    [InlineData(StatusCodes.Status400BadRequest)]
    public async Task A_body_the_client_got_wrong_is_answered_with_problem_details_and_its_status(int status)
    {
        var context = await ForwardAsync(ForwarderError.RequestBodyClient, status);

        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        using var problem = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray());
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Nothing_is_written_to_a_client_that_has_gone()
    {
        var context = await ForwardAsync(ForwarderError.RequestCanceled, StatusCodes.Status502BadGateway, clientGone: true);

        Assert.Equal(0, context.Response.Body.Length);
    }

    private static async Task<HttpContext> ForwardAsync(ForwarderError error, int status, bool clientGone = false)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        using var gone = new CancellationTokenSource();
        if (clientGone)
        {
            await gone.CancelAsync();
        }

        var context = new DefaultHttpContext { RequestServices = services, RequestAborted = gone.Token };
        context.Request.Method = HttpMethods.Post;
        context.Response.Body = new MemoryStream();
        // As YARP starts a request on a service's route, its version cluster chosen.
        var route = RouteTable.CreateRoutes(TestMatrix.Create()).First(r => RouteTable.ServiceOf(r) is not null);
        using var client = new HttpMessageInvoker(new SocketsHttpHandler());
        context.Features.Set<IReverseProxyFeature>(new ReverseProxyFeature
        {
            Route = new RouteModel(route, cluster: null, HttpTransformer.Default),
            Cluster = new ClusterModel(new ClusterConfig { ClusterId = route.ClusterId! }, client),
            AvailableDestinations = [],
            AllDestinations = [],
        });
        var middleware = new InstanceFailoverMiddleware(
            forwarded =>
            {
                forwarded.Response.StatusCode = status;
                forwarded.Features.Set<IForwarderErrorFeature>(new Failure(error));
                return Task.CompletedTask;
            },
            TestMatrix.Create(), services.GetRequiredService<IProblemDetailsService>(),
            NullLogger<ResilienceLog>.Instance);

        await middleware.InvokeAsync(context);
        return context;
    }

    private sealed record Failure(ForwarderError Error) : IForwarderErrorFeature
    {
        public Exception? Exception => null;
    }
}
