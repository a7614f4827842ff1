using System.Text.Json.Nodes;
using Platform.Deploy;

namespace Platform.Tests.Deploy;

/// <summary>The deploy profile is checked against itself and against what the AppHost deploys, every problem at once.</summary>
public sealed class AwsProfileTests
{
    [Fact]
    public void The_checked_in_profile_is_valid_for_the_AppHosts_apps()
    {
        AwsProfileValidator.Validate(DeployTestSupport.Profile, DeployTestSupport.SampleModel(), "deploy/aws.json");
    }

    [Fact]
    public void A_bad_profile_is_refused_with_every_problem_in_one_message()
    {
        var profile = Edit(json =>
        {
            json["imageTag"] = "latest";
            var regions = json["regions"]!.AsArray();
            regions[1]!["name"] = "us-middle-1";                                    // not an AWS region
            regions[2]!["default"] = true;                                           // a second default
            regions.Add(JsonNode.Parse("""{ "name": "eu-central-1", "geolocation": [ { "continent": "EU" } ] }"""));  // duplicate region, duplicate rule
            json["replicas"]!["gateway"] = JsonNode.Parse("""{ "min": 9, "max": 3 }""");   // min > max
            json["replicas"]!["contacts-v1"] = JsonNode.Parse("""{ "max": 1 }""");         // fewer than the matrix runs
            json["replicas"]!["contacts-v7"] = JsonNode.Parse("""{ "max": 3 }""");         // not in the matrix
            json["replicas"]!.AsObject().Remove("insights-v2");                            // missing
        });

        var e = Assert.Throws<AwsProfileException>(() => AwsProfileValidator.Validate(profile, DeployTestSupport.SampleModel(), "deploy/aws.json"));

        Assert.Contains(e.Problems, p => p.Contains("not 'latest'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'us-middle-1' is not an AWS region", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("2 regions are the default", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'eu-central-1' is listed 2 times", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("continent EU is routed to both", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'gateway': min 9 is more than max 3", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'contacts-v1': min 2 (the AppHost's instances) is more than max 1", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'contacts-v7', which is not deployed", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("no entry for 'insights-v2'", StringComparison.Ordinal));
        Assert.Equal(9, e.Problems.Count);
        Assert.All(e.Problems, p => Assert.Contains("  - " + p, e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_profile_without_a_default_region_or_with_an_unknown_primary_is_refused()
    {
        var profile = Edit(json =>
        {
            json["regions"]![0]!["default"] = false;
            json["primaryRegion"] = "eu-west-3";
        });

        var e = Assert.Throws<AwsProfileException>(() => AwsProfileValidator.Validate(profile, DeployTestSupport.SampleModel(), "deploy/aws.json"));

        Assert.Contains(e.Problems, p => p.Contains("no region has \"default\": true", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("primaryRegion 'eu-west-3' is not one of the regions", StringComparison.Ordinal));
    }

    [Fact]
    public void A_misspelt_key_is_refused_rather_than_ignored()
    {
        var text = DeployTestSupport.ProfileText.Replace("\"primaryRegion\"", "\"primaryregion\"", StringComparison.Ordinal);

        var e = Assert.Throws<AwsProfileException>(() => AwsProfile.Parse(text, "deploy/aws.json"));

        Assert.Contains("primaryregion", e.Message, StringComparison.Ordinal);
    }

    private static AwsProfile Edit(Action<JsonNode> edit)
    {
        var json = JsonNode.Parse(DeployTestSupport.ProfileText)!;
        edit(json);
        return AwsProfile.Parse(json.ToJsonString(), "deploy/aws.json");
    }
}
