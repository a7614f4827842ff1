using Platform.Settings;

namespace Platform.Tests.Settings;

public sealed class ResilienceOptionsTests
{
    [Fact]
    public void The_defaults_have_no_problem()
    {
        Assert.Empty(new ResilienceOptions().Problems());
    }

    [Fact]
    public void A_last_attempt_shorter_than_a_first_attempt_is_refused_naming_both()
    {
        var options = new ResilienceOptions { InstanceActivityTimeout = TimeSpan.FromSeconds(2), LastInstanceActivityTimeout = TimeSpan.FromSeconds(1) };

        var problem = Assert.Single(options.Problems());
        Assert.Contains(nameof(ResilienceOptions.LastInstanceActivityTimeout), problem);
        Assert.Contains(nameof(ResilienceOptions.InstanceActivityTimeout), problem);
    }
}
