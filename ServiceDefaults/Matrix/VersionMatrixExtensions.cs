using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.Matrix;

public static class VersionMatrixExtensions
{
    /// <summary>Reads the matrix the AppHost handed this process and registers it; fails at startup if it is invalid.</summary>
    public static VersionMatrix AddVersionMatrix(this IHostApplicationBuilder builder)
    {
        var matrix = VersionMatrix.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(matrix);
        return matrix;
    }
}
