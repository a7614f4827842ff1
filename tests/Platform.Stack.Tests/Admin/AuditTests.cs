using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Admin;

/// <summary>The audit trail and one-step revert through the gateway, on the default stack (Redis when installed).</summary>
[Collection(StackCollection.Name)]
public sealed class AuditTests(StackFixture stack)
{
    [Fact]
    public Task A_change_with_a_reason_is_audited_and_revert_restores_it_for_new_sign_ins() => StackScenarios.ChangeIsAuditedAndRevertRestoresItAsync(stack);

    [Fact]
    public Task Revert_after_a_later_change_is_409() => StackScenarios.RevertAfterALaterChangeIsRefusedAsync(stack);

    [Fact]
    public Task Audit_filters_and_pages_newest_first() => StackScenarios.AuditFiltersAndPagesAsync(stack);
}
