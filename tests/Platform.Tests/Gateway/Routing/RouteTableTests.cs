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

    [Theory]
    [InlineData("/api", true)]
    [InlineData("/api/contacts/info", true)]
    [InlineData("/API/contacts/info", true)]
    [InlineData("/auth/login", true)]
    [InlineData("/admin/tenants/acme", true)]
    [InlineData("/", false)]
    [InlineData("/workspace", false)]
    [InlineData("/apis", false)]
    [InlineData("/authors", false)]
    [InlineData("/main.js", false)]
    public void The_proxys_paths_are_API_paths_and_the_rest_the_apps(string path, bool isApi) =>
        Assert.Equal(isApi, RouteTable.IsApiPath(path));

    [Fact]
    public void Every_proxy_route_lies_under_an_API_path()
    {
        foreach (var route in RouteTable.CreateRoutes(TestMatrix.Create()))
        {
            Assert.True(RouteTable.IsApiPath(route.Match.Path!.Replace("{**rest}", "x", StringComparison.Ordinal)), route.RouteId);
        }
    }

    private static Endpoint EndpointOf(Yarp.ReverseProxy.Configuration.RouteConfig route) =>
        new(null, new EndpointMetadataCollection(new RouteModel(route, cluster: null, HttpTransformer.Default)), route.RouteId);
}
