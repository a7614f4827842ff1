using Microsoft.AspNetCore.Http.Features;

namespace Platform.Gateway.Sessions;

/// <summary>
/// Takes the middleware a framework <c>Use*</c> call would add, so the gateway can decide per request whether it
/// runs. The call still records on the app what it records (e.g. that authentication or authorization was added,
/// without which <see cref="WebApplication"/> adds its own copy in front of everything).
/// </summary>
internal static class MiddlewareCapture
{
    public static Func<RequestDelegate, RequestDelegate> Take(IApplicationBuilder app, Action<IApplicationBuilder> use)
    {
        var capture = new CapturingBuilder(app);
        use(capture);
        return capture.Middleware ?? throw new InvalidOperationException("The call added no middleware.");
    }

    private sealed class CapturingBuilder(IApplicationBuilder app) : IApplicationBuilder
    {
        public Func<RequestDelegate, RequestDelegate>? Middleware { get; private set; }

        public IServiceProvider ApplicationServices
        {
            get => app.ApplicationServices;
            set => app.ApplicationServices = value;
        }

        public IFeatureCollection ServerFeatures => app.ServerFeatures;

        public IDictionary<string, object?> Properties => app.Properties;

        public IApplicationBuilder Use(Func<RequestDelegate, RequestDelegate> middleware)
        {
            if (Middleware is not null)
            {
                throw new InvalidOperationException("The call added more than one middleware.");
            }

            Middleware = middleware;
            return this;
        }

        public IApplicationBuilder New() => app.New();

        public RequestDelegate Build() => app.Build();
    }
}
