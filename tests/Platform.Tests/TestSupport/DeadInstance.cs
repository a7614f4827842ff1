using System.Net;
using System.Net.Sockets;

namespace Platform.Tests.TestSupport;

/// <summary>
/// An instance that is gone, as the gateway sees it behind a proxy (DCP's per-resource proxy under Aspire): the
/// connection is accepted, then either reset at once or left hanging with no answer.
/// </summary>
public sealed class DeadInstance : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly List<Socket> held = [];
    private readonly Task accepting;
    private int connections;

    private DeadInstance(bool hang)
    {
        listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        accepting = AcceptAsync(hang);
    }

    public Uri Address { get; }

    /// <summary>Connections accepted so far (requests and health probes).</summary>
    public int Connections => Volatile.Read(ref connections);

    /// <summary>Accepts and resets every connection.</summary>
    public static DeadInstance Resetting() => new(hang: false);

    /// <summary>Accepts every connection and never answers.</summary>
    public static DeadInstance Hanging() => new(hang: true);

    private async Task AcceptAsync(bool hang)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var socket = await listener.AcceptSocketAsync(stop.Token);
                Interlocked.Increment(ref connections);
                if (hang)
                {
                    lock (held)
                    {
                        held.Add(socket);
                    }
                }
                else
                {
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        lock (held)
        {
            held.ForEach(s => s.Dispose());
        }

        stop.Dispose();
    }
}
