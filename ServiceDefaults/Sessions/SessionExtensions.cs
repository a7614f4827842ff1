using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.Security.Cryptography.X509Certificates;
using Platform.Problems;
using Platform.Redis;
using Platform.Settings;
using StackExchange.Redis;

namespace Platform.Sessions;

public static class SessionExtensions
{
    /// <summary>The session cookie's name in Development, where the stack runs on plain HTTP.</summary>
    public const string CookieName = "platform.session";

    /// <summary>
    /// The name outside Development. Browsers accept a <c>__Host-</c> cookie only if it is Secure, has Path=/ and no
    /// Domain, and never let a sibling subdomain (or a plain-HTTP page) set or overwrite it: no session fixation.
    /// </summary>
    public const string HostCookieName = "__Host-" + CookieName;

    /// <summary>The session cookie's name in <paramref name="environment"/> (login and the gateway must agree).</summary>
    public static string CookieNameIn(IHostEnvironment environment) => environment.IsDevelopment() ? CookieName : HostCookieName;

    // Both login (which issues the cookie) and the gateway (which reads it) must agree on these,
    // otherwise the gateway cannot unprotect what login sealed.
    private const string DataProtectionApplicationName = "platform";

    /// <summary>
    /// The sealed session cookie: ASP.NET Core cookie authentication, protected by a Data Protection key ring that
    /// login and the gateway share (in Redis when a <c>redis</c> connection string is configured, else in the folder
    /// <c>Session:KeysPath</c>).
    /// </summary>
    /// <param name="issuesSessions">
    /// True for the login service. Only the issuer creates keys (and does so at startup): if the gateway could create
    /// one too, a gateway starting first would seal nothing with a key login does not know, or the reverse.
    /// </param>
    public static TBuilder AddPlatformSession<TBuilder>(this TBuilder builder, bool issuesSessions = false) where TBuilder : IHostApplicationBuilder
    {
        var settings = builder.AddSettings<SessionOptions>();
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        if (builder.TryAddPlatformRedis())
        {
            builder.Services.AddOptions<KeyManagementOptions>()
                .Configure<IConnectionMultiplexer>((options, redis) =>
                    options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), PlatformResources.RedisKeyRingKey));
        }
        else if (!string.IsNullOrEmpty(settings.KeysPath))
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(settings.KeysPath));
        }

        if (settings.CertificatePath is { Length: > 0 } certificatePath)
        {
            // Keys are written encrypted to this certificate, and read with it directly (not looked up in an OS
            // certificate store, which on Linux would need the certificate installed for the process's user).
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password: null, X509KeyStorageFlags.EphemeralKeySet);
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        else if (!builder.Environment.IsDevelopment())
        {
            throw new SettingsException(
                "Session:CertificatePath is not set. Outside Development the session key ring must be encrypted at rest: " +
                "mount a PKCS#12 certificate with its private key (e.g. from a Kubernetes secret) and set Session:CertificatePath to it, for login and the gateway alike.");
        }

        if (issuesSessions)
        {
            builder.Services.AddHostedService<KeyRingWarmup>();
        }
        else
        {
            builder.Services.Configure<KeyManagementOptions>(options => options.AutoGenerateKeys = false);
            builder.Services.AddHostedService<KeyRingReaderWarmup>();
        }

        var isDevelopment = builder.Environment.IsDevelopment();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = CookieNameIn(builder.Environment);
                options.Cookie.HttpOnly = true;
                // Strict: no cross-site request carries the session (CSRF), not even a top-level link; the app is one
                // origin, so its own requests always do. Development keeps Lax and plain HTTP for local tools.
                options.Cookie.SameSite = isDevelopment ? SameSiteMode.Lax : SameSiteMode.Strict;
                options.Cookie.SecurePolicy = isDevelopment ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                options.Cookie.Path = "/";
                options.Cookie.Domain = null;
                options.ExpireTimeSpan = settings.Lifetime;
                // A session keeps the versions it was given; renewing would only extend a stale pin.
                options.SlidingExpiration = false;
                options.Events.OnRedirectToLogin = context => context.HttpContext.WriteProblemAsync(StatusCodes.Status401Unauthorized,
                    "Not signed in", "No valid session. Sign in with POST /auth/login.");
                options.Events.OnRedirectToAccessDenied = context => context.HttpContext.WriteProblemAsync(StatusCodes.Status403Forbidden,
                    "Forbidden", "Your account may not use this resource.");
            });
        builder.Services.AddAuthorization();
        return builder;
    }
}

/// <summary>Makes sure the key ring has a key before the issuer reports healthy (and so before the gateway starts).</summary>
internal sealed class KeyRingWarmup(IDataProtectionProvider provider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        provider.CreateProtector("platform.keyring-warmup").Protect("warmup");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Loads the key ring into memory as soon as it has a key, so a reader (the gateway, a service) never needs the store
/// on a request: Data Protection keeps the ring it loaded, and a later refresh that fails keeps using it. Without this
/// the first cookie or caller token after start would read the store, and fail while the store is down.
/// </summary>
internal sealed class KeyRingReaderWarmup(IDataProtectionProvider provider) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var protector = provider.CreateProtector("platform.keyring-warmup");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Protecting needs the default key, so it succeeds only once the ring (with login's key) is loaded.
                protector.Protect("warmup");
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // No key yet (login starts beside this process) or the store not answering: try again shortly.
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}
