namespace Platform.Insights.Scores;

/// <summary>What a contact did recently; the input of every engagement model.</summary>
internal sealed record Activity(int EmailsOpened, int Meetings, int DaysSinceLastTouch, int DealsWon);

internal sealed record ScoreFactor(string Name, int Contribution);

internal static class EngagementModels
{
    /// <summary>v1: opens and meetings, capped at 100. Blind to how long ago that was.</summary>
    public static int ScoreV1(Activity a) => Math.Min(100, a.EmailsOpened * 2 + a.Meetings * 10);

    /// <summary>
    /// v2: adds won deals, decays with silence, weighs where the contact is in its lifecycle (from the contacts
    /// service), and explains itself factor by factor.
    /// </summary>
    public static (int Score, IReadOnlyList<ScoreFactor> Factors) ScoreV2(Activity a, string stage)
    {
        ScoreFactor[] factors =
        [
            new("emails opened", Math.Min(30, a.EmailsOpened * 2)),
            new("meetings", Math.Min(40, a.Meetings * 8)),
            new("deals won", Math.Min(30, a.DealsWon * 15)),
            new("days since last touch", -Math.Min(40, a.DaysSinceLastTouch / 3)),
            new($"lifecycle stage: {stage}", StageContribution(stage)),
        ];
        return (Math.Clamp(factors.Sum(f => f.Contribution), 0, 100), factors);
    }

    /// <summary>Customers and open opportunities are worth engaging; a churned contact's activity counts for less.</summary>
    private static int StageContribution(string stage) => stage switch
    {
        "customer" => 15,
        "opportunity" => 10,
        "lead" => 0,
        "churned" => -20,
        _ => 0,
    };
}

/// <summary>Demo activity per tenant and contact id (the ids the contacts service uses).</summary>
internal static class SampleActivity
{
    private static readonly Dictionary<(string Tenant, string ContactId), Activity> Data = new()
    {
        [("acme", "c-1")] = new(24, 5, 2, 2),
        [("acme", "c-2")] = new(12, 3, 10, 0),
        [("acme", "c-3")] = new(3, 0, 45, 0),
        [("acme", "c-4")] = new(30, 6, 1, 1),
        [("globex", "c-1")] = new(18, 4, 7, 1),
        [("globex", "c-2")] = new(2, 1, 60, 0),
        [("globex", "c-3")] = new(0, 0, 120, 0),
    };

    public static Activity? Find(string tenant, string contactId) => Data.GetValueOrDefault((tenant, contactId));
}
