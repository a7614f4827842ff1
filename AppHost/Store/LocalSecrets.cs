using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Platform.AppHost.Store;

/// <summary>
/// Secrets the AppHost creates once in the data folder and reuses on every start: the Redis passwords and the
/// certificate that encrypts the session key ring at rest. Folders are made 0700 and files 0600 (owner only), so no
/// other account on the machine reads the store, the key ring or these secrets.
/// </summary>
internal static class LocalSecrets
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> if needed and makes it readable by its owner only.</summary>
    public static string OwnerOnlyDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return path;
        }

        Directory.CreateDirectory(path, OwnerOnlyFolder);
        // A folder made by an older version (or by hand) keeps its mode: tighten it.
        File.SetUnixFileMode(path, OwnerOnlyFolder);
        return path;
    }

    /// <summary>A random password kept in <paramref name="path"/>, created on first use.</summary>
    public static string Password(string path)
    {
        if (!File.Exists(path))
        {
            WriteOwnerOnly(path, System.Text.Encoding.ASCII.GetBytes(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant()));
        }

        TightenFile(path);
        return File.ReadAllText(path).Trim();
    }

    /// <summary>
    /// A self-signed certificate (PKCS#12, no password: the file is owner-only) that login and the gateway use to
    /// encrypt and decrypt the Data Protection key ring. Only a key ring copy leaks when Redis or the keys folder
    /// does; without this file it cannot be read.
    /// </summary>
    public static string KeyRingCertificate(string path)
    {
        if (!File.Exists(path))
        {
            using var rsa = RSA.Create(3072);
            var request = new CertificateRequest("CN=Platform session key ring (local)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(20));
            WriteOwnerOnly(path, certificate.Export(X509ContentType.Pkcs12));
        }

        TightenFile(path);
        return path;
    }

    /// <summary>Writes a file that is owner-only from the moment it exists (no window in which others could read it).</summary>
    public static void WriteOwnerOnly(string path, ReadOnlySpan<byte> content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using (var file = new FileStream(path, options))
        {
            file.Write(content);
        }

        TightenFile(path);
    }

    private static void TightenFile(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnlyFile);
        }
    }
}
