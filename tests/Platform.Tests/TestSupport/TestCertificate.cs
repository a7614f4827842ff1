using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Platform.Tests.TestSupport;

internal static class TestCertificate
{
    /// <summary>Writes a self-signed key ring certificate (PKCS#12, no password) into <paramref name="folder"/>; returns its path.</summary>
    public static string Create(string folder, string name = "keyring.pfx")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=platform test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12));
        return path;
    }
}
