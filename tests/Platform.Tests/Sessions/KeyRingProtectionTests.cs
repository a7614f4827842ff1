using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.Login.Store;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Sessions;

/// <summary>The session key ring is encrypted at rest with the configured certificate, and required outside Development.</summary>
public sealed class KeyRingProtectionTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("platform-keyring-").FullName;

    public void Dispose() => Directory.Delete(data, recursive: true);

    [Fact]
    public async Task Keys_are_written_encrypted_to_the_certificate()
    {
        await using (var login = Login("Development", TestCertificate.Create(data)))
        {
            _ = login.Server;
        }

        var key = File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Combine(data, "keys"), "*.xml")));
        Assert.Contains("EncryptedData", key, StringComparison.Ordinal);
        Assert.DoesNotContain("unencrypted form", key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_Development_login_does_not_start_with_an_unencrypted_key_ring()
    {
        await using var login = Login("Production", certificate: null);

        var e = Assert.ThrowsAny<Exception>(() => login.Server);

        Assert.Contains("Session:CertificatePath", e.ToString(), StringComparison.Ordinal);
    }

    private WebApplicationFactory<SqliteStateStore> Login(string environment, string? certificate) =>
        new WebApplicationFactory<SqliteStateStore>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(environment);
            web.UseSetting("Store:Kind", "Embedded");
            web.UseSetting("Store:SqlitePath", Path.Combine(data, "platform.db"));
            web.UseSetting("Session:KeysPath", Path.Combine(data, "keys"));
            if (certificate is not null)
            {
                web.UseSetting("Session:CertificatePath", certificate);
            }

            web.UseSampleMatrix();
        });
}
