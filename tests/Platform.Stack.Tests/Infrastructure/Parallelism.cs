// One whole stack at a time: the direct-mode and Dapr-mode collections each start the full AppHost (a dozen or more
// processes); side by side on a small machine they slow each other into timeouts.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
