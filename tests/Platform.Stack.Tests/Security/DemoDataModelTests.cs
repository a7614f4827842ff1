using Aspire.Hosting.ApplicationModel;
using Platform.Settings;
using Platform.Stack.Tests.AppModel;

namespace Platform.Stack.Tests.Security;

/// <summary>
/// Demo accounts (published password) are written only into stores the AppHost owns: a Redis the user brought is
/// seeded only when they ask for it with Store:SeedDemoData.
/// </summary>
public sealed class DemoDataModelTests
{
    private static readonly string SeedVariable = PlatformSettings.EnvironmentVariable<StoreOptions>(nameof(StoreOptions.SeedDemoData));

    [Theory]
    [InlineData(new[] { "--ConnectionStrings:redis=redis.example.internal:6379" }, "False")]
    [InlineData(new[] { "--ConnectionStrings:redis=redis.example.internal:6379", "--Store:SeedDemoData=true" }, "True")]
    [InlineData(new[] { "--Store:Kind=embedded" }, "True")]
    public async Task Login_seeds_only_stores_the_apphost_owns_or_when_asked(string[] args, string expected)
    {
        await using var model = await AppModelReader.BuildAsync(["--Dapr:Mode=off", .. args]);

        var login = await model.EnvironmentAsync(model.Resource<ProjectResource>(PlatformResources.Login));

        Assert.Equal(expected, login.GetValueOrDefault(SeedVariable));
    }
}
