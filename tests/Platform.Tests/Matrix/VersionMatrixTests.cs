using Platform.Settings;
using Microsoft.Extensions.Configuration;
using Platform.Matrix;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Matrix;

public sealed class VersionMatrixTests
{
    [Fact]
    public void Reads_services_versions_and_instances()
    {
        var matrix = TestMatrix.Create();

        Assert.Equal(["contacts", "insights"], matrix.Services.Keys.Order());
        Assert.True(matrix.TryGetVersion("contacts", "v2", out var v2));
        Assert.Equal("contacts-v2", v2.AppId);
        Assert.Equal(["contacts-v2-1", "contacts-v2-2"], v2.InstanceNames);
        Assert.Equal(6, matrix.AllVersions.Sum(v => v.Instances));
        Assert.False(matrix.TryGetVersion("contacts", "v3", out _));
    }

    [Fact]
    public void Environment_form_round_trips_to_the_same_matrix()
    {
        var matrix = TestMatrix.Create();
        var pairs = matrix.ToEnvironment().ToDictionary(p => p.Key.Replace("__", ":"), p => (string?)p.Value);

        var copy = TestMatrix.FromPairs(pairs);

        Assert.Equal(
            matrix.AllVersions.Select(v => (v.AppId, v.Instances)).Order(),
            copy.AllVersions.Select(v => (v.AppId, v.Instances)).Order());
        Assert.Equal(matrix.Services["contacts"].DefaultVersion, copy.Services["contacts"].DefaultVersion);
    }

    [Fact]
    public void Invalid_matrix_fails_with_every_problem_named()
    {
        var error = Assert.Throws<SettingsException>(() => TestMatrix.FromPairs(new Dictionary<string, string?>
        {
            ["VersionMatrix:Contacts:Versions:v1:Instances"] = "1",
            ["VersionMatrix:insights:Versions:v1:Instances"] = "zero",
            ["VersionMatrix:billing:Default"] = "v2",
            ["VersionMatrix:billing:Versions:v1:Instances"] = "1",
        }));

        Assert.Contains("'Contacts' must be lower-case", error.Message);
        Assert.Contains("insights/v1: Instances must be a whole number", error.Message);
        Assert.Contains("Default 'v2' is not one of its versions", error.Message);
    }

    [Fact]
    public void Empty_configuration_is_an_error_not_an_empty_matrix()
    {
        var error = Assert.Throws<SettingsException>(() => VersionMatrix.FromConfiguration(new ConfigurationBuilder().Build()));
        Assert.Contains("No services are declared", error.Message);
    }

    [Fact]
    public void A_service_declares_which_requests_with_a_body_are_safe_to_replay_and_they_survive_the_environment_form()
    {
        var matrix = TestMatrix.FromPairs(new Dictionary<string, string?>
        {
            ["VersionMatrix:contacts:Versions:v1:Instances"] = "1",
            ["VersionMatrix:contacts:Replayable:0"] = "post /contacts/search",
        });

        var contacts = matrix.Services["contacts"];
        Assert.True(contacts.IsReplayable("POST", "/contacts/search/"));
        Assert.False(contacts.IsReplayable("PUT", "/contacts/search"));
        Assert.False(contacts.IsReplayable("POST", "/contacts"));
        var copy = TestMatrix.FromPairs(matrix.ToEnvironment().ToDictionary(p => p.Key.Replace("__", ":"), p => (string?)p.Value));
        Assert.Equal([new ReplayableRequest("POST", "/contacts/search")], copy.Services["contacts"].Replayable);
    }

    [Theory]
    [InlineData("GET /contacts")]
    [InlineData("POST contacts/search")]
    [InlineData("POST")]
    [InlineData("POST /contacts/search?q=1")]
    public void A_replayable_entry_that_is_not_method_and_path_is_refused_saying_the_form(string entry)
    {
        var error = Assert.Throws<SettingsException>(() => TestMatrix.FromPairs(new Dictionary<string, string?>
        {
            ["VersionMatrix:contacts:Versions:v1:Instances"] = "1",
            ["VersionMatrix:contacts:Replayable:0"] = entry,
        }));

        Assert.Contains($"Replayable entry '{entry}' must be 'METHOD /path'", error.Message);
    }

    [Fact]
    public void Retired_sessions_are_re_pinned_unless_a_service_says_sign_in_again_and_the_setting_survives_the_environment_form()
    {
        var matrix = TestMatrix.FromPairs(new Dictionary<string, string?>
        {
            ["VersionMatrix:contacts:Versions:v1:Instances"] = "1",
            ["VersionMatrix:insights:Versions:v1:Instances"] = "1",
            ["VersionMatrix:insights:RetiredSessions"] = "signinagain",
        });

        Assert.Equal(RetiredSessions.Repin, matrix.Services["contacts"].RetiredSessions);
        Assert.Equal(RetiredSessions.SignInAgain, matrix.Services["insights"].RetiredSessions);
        var copy = TestMatrix.FromPairs(matrix.ToEnvironment().ToDictionary(p => p.Key.Replace("__", ":"), p => (string?)p.Value));
        Assert.Equal(RetiredSessions.Repin, copy.Services["contacts"].RetiredSessions);
        Assert.Equal(RetiredSessions.SignInAgain, copy.Services["insights"].RetiredSessions);
    }

    [Theory]
    [InlineData("Never")]
    [InlineData("1")]
    [InlineData("")]
    public void A_retired_sessions_setting_that_is_not_a_choice_is_refused_naming_the_choices(string value)
    {
        var error = Assert.Throws<SettingsException>(() => TestMatrix.FromPairs(new Dictionary<string, string?>
        {
            ["VersionMatrix:contacts:Versions:v1:Instances"] = "1",
            ["VersionMatrix:contacts:RetiredSessions"] = value,
        }));

        Assert.Contains($"contacts: RetiredSessions must be Repin or SignInAgain, not '{value}'", error.Message);
    }

    [Fact]
    public void A_service_declares_which_services_it_calls_and_they_survive_the_environment_form()
    {
        var matrix = TestMatrix.FromPairs(new Dictionary<string, string?>
        {
            ["VersionMatrix:contacts:Versions:v1:Instances"] = "1",
            ["VersionMatrix:insights:Versions:v2:Instances"] = "1",
            ["VersionMatrix:insights:Calls:0"] = "contacts",
        });

        Assert.Equal(["contacts"], matrix.Services["insights"].Calls);
        Assert.Empty(matrix.Services["contacts"].Calls);
        var copy = TestMatrix.FromPairs(matrix.ToEnvironment().ToDictionary(p => p.Key.Replace("__", ":"), p => (string?)p.Value));
        Assert.Equal(["contacts"], copy.Services["insights"].Calls);
    }

    [Theory]
    [InlineData("billing", "which the matrix does not declare")]
    [InlineData("insights", "names the service itself")]
    public void A_call_to_an_undeclared_service_or_to_itself_is_refused(string callee, string expected)
    {
        var error = Assert.Throws<SettingsException>(() => TestMatrix.FromPairs(new Dictionary<string, string?>
        {
            ["VersionMatrix:contacts:Versions:v1:Instances"] = "1",
            ["VersionMatrix:insights:Versions:v2:Instances"] = "1",
            ["VersionMatrix:insights:Calls:0"] = callee,
        }));

        Assert.Contains(expected, error.Message);
    }
}
