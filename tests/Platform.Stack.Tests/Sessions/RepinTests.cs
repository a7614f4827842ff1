using Platform.Stack.Tests.Dapr;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Sessions;

/// <summary>Issue 13, items 3 and 4, in direct mode: re-pinning open sessions, and retired versions re-pinned.</summary>
[Collection(StackCollection.Name)]
public sealed class RepinTests(StackFixture stack)
{
    [Fact]
    public Task A_re_pinned_tenants_open_session_moves_to_its_current_versions_within_2_s_with_a_fresh_cookie() =>
        RepinScenarios.RepinnedTenantsOpenSessionMovesWithinTwoSecondsAsync(stack);

    [Fact]
    public Task A_retired_version_is_re_pinned_unless_the_service_says_sign_in_again() =>
        RepinScenarios.RetiredVersionIsRepinnedUnlessTheServiceSaysSignInAgainAsync(stack);

    [Fact]
    public Task Re_pinning_is_for_admins_and_known_tenants_and_rings() => RepinScenarios.RepinIsForAdminsAndKnownNamesAsync(stack);
}

/// <summary>The same in Dapr mode: the re-pin rides the revocation feed in the Dapr state store.</summary>
[Collection(DaprStackCollection.Name)]
public sealed class DaprRepinTests(DaprStackFixture stack)
{
    [Fact]
    public Task A_re_pinned_tenants_open_session_moves_to_its_current_versions_within_2_s_with_a_fresh_cookie() =>
        RepinScenarios.RepinnedTenantsOpenSessionMovesWithinTwoSecondsAsync(stack);

    [Fact]
    public Task A_retired_version_is_re_pinned_unless_the_service_says_sign_in_again() =>
        RepinScenarios.RetiredVersionIsRepinnedUnlessTheServiceSaysSignInAgainAsync(stack);
}
