using Microsoft.AspNetCore.Http;
using Platform.Gateway.Routing;
using Platform.Tests.TestSupport;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Platform.Tests.Gateway.Routing;

public sealed class RouteTableTests
{
    [Fact]
    public void Only_the_routes_to_services_are_service_routes()
    {
        var routes = RouteTable.CreateRoutes(TestMatrix.Create()).ToDictionary(r => r.RouteId);

        Assert.True(RouteTable.IsServiceRoute(EndpointOf(routes["api-contacts"])));
        Assert.True(RouteTable.IsServiceRoute(EndpointOf(routes["api-insights"])));
        Assert.False(RouteTable.IsServiceRoute(EndpointOf(routes["auth"])));
        Assert.False(RouteTable.IsServiceRoute(EndpointOf(routes["admin"])));
        Assert.False(RouteTable.IsServiceRoute(new Endpoint(null, EndpointMetadataCollection.Empty, "/health")));
        Assert.False(RouteTable.IsServiceRoute(null));
    }

    private static Endpoint EndpointOf(Yarp.ReverseProxy.Configuration.RouteConfig route) =>
        new(null, new EndpointMetadataCollection(new RouteModel(route, cluster: null, HttpTransformer.Default)), route.RouteId);
}
