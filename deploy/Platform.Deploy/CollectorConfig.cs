namespace Platform.Deploy;

// The OpenTelemetry collector's configuration (AWS Distro for OpenTelemetry): OTLP in from the apps and the Dapr
// sidecars, traces out to X-Ray, metrics out to CloudWatch as embedded metric format. Serialised with
// snake_case names, the collector's spelling.

internal sealed record CollectorConfig
{
    public required CollectorReceivers Receivers { get; init; }

    public required CollectorProcessors Processors { get; init; }

    public required CollectorExporters Exporters { get; init; }

    public required CollectorExtensions Extensions { get; init; }

    public required CollectorService Service { get; init; }
}

internal sealed record CollectorReceivers
{
    public required OtlpReceiver Otlp { get; init; }
}

internal sealed record OtlpReceiver
{
    public required OtlpProtocols Protocols { get; init; }
}

internal sealed record OtlpProtocols
{
    public required CollectorEndpoint Grpc { get; init; }

    public required CollectorEndpoint Http { get; init; }
}

internal sealed record CollectorEndpoint
{
    public required string Endpoint { get; init; }
}

internal sealed record CollectorProcessors
{
    public required MemoryLimiterProcessor MemoryLimiter { get; init; }

    public required ResourceDetectionProcessor Resourcedetection { get; init; }

    public required BatchProcessor Batch { get; init; }
}

internal sealed record MemoryLimiterProcessor
{
    public required string CheckInterval { get; init; }

    public required int LimitPercentage { get; init; }

    public required int SpikeLimitPercentage { get; init; }
}

internal sealed record ResourceDetectionProcessor
{
    public required IList<string> Detectors { get; init; }

    public required string Timeout { get; init; }

    public required bool Override { get; init; }
}

internal sealed record BatchProcessor
{
    public required string Timeout { get; init; }
}

internal sealed record CollectorExporters
{
    public required XRayExporter Awsxray { get; init; }

    public required EmfExporter Awsemf { get; init; }
}

internal sealed record XRayExporter
{
    /// <summary>Span attributes X-Ray indexes as annotations, so traces can be searched by tenant and version.</summary>
    public required IList<string> IndexedAttributes { get; init; }
}

internal sealed record EmfExporter
{
    public required string Namespace { get; init; }

    public required string LogGroupName { get; init; }

    public required ResourceToTelemetryConversion ResourceToTelemetryConversion { get; init; }
}

internal sealed record ResourceToTelemetryConversion
{
    public required bool Enabled { get; init; }
}

internal sealed record CollectorExtensions
{
    public required CollectorEndpoint HealthCheck { get; init; }
}

internal sealed record CollectorService
{
    public required IList<string> Extensions { get; init; }

    public required CollectorPipelines Pipelines { get; init; }
}

internal sealed record CollectorPipelines
{
    public required CollectorPipeline Traces { get; init; }

    public required CollectorPipeline Metrics { get; init; }
}

internal sealed record CollectorPipeline
{
    public required IList<string> Receivers { get; init; }

    public required IList<string> Processors { get; init; }

    public required IList<string> Exporters { get; init; }
}
