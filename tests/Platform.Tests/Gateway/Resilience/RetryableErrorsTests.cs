using Platform.Gateway.Resilience;
using Yarp.ReverseProxy.Forwarder;

namespace Platform.Tests.Gateway.Resilience;

public sealed class RetryableErrorsTests
{
    [Theory]
    [InlineData(ForwarderError.Request, true)]
    [InlineData(ForwarderError.RequestTimedOut, true)]
    // A replayable POST to an instance that resets the connection fails here when the reset lands while its body is sent.
    [InlineData(ForwarderError.RequestBodyDestination, true)]
    [InlineData(ForwarderError.ResponseHeaders, false)]
    [InlineData(ForwarderError.ResponseBodyDestination, false)]
    [InlineData(ForwarderError.RequestBodyClient, false)]
    public void Only_failures_before_the_instance_had_the_whole_request_or_answered_are_retried(ForwarderError error, bool retried) =>
        Assert.Equal(retried, InstanceFailoverMiddleware.IsRetryable(error));
}
