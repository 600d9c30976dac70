using Federation.Core;
using Federation.Storage.Errors;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Storage.Tests;

/// <summary>
/// Each kind of constraint violation, provoked on a real SQLite file, becomes its own domain error;
/// none quotes SQL, a table or a column.
/// </summary>
public sealed class StoreErrorTests
{
    [Fact]
    public async Task SaveChanges_PrimaryKeyTaken_AlreadyExists()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        await using (var first = await ContextAsync(store, ct))
        {
            first.PeerEndpoints.Add(Endpoint("DE"));
            await first.SaveChangesAsync(ct);
        }

        await using var second = await ContextAsync(store, ct);
        second.PeerEndpoints.Add(Endpoint("DE"));
        var error = await Assert.ThrowsAsync<FederationException>(() => second.SaveChangesAsync(ct));

        Assert.Equal(ErrorCode.AlreadyExists, error.Code);
        AssertNoSql(error);
    }

    [Fact]
    public async Task SaveChanges_RequiredColumnMissing_InternalIncompleteRecord()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        await using var db = await ContextAsync(store, ct);
        // A programming error the type system let through: EF Core does not check required columns itself.
        db.PeerEndpoints.Add(new PeerEndpoint { Jurisdiction = "DE", Endpoint = null! });

        var error = await Assert.ThrowsAsync<FederationException>(() => db.SaveChangesAsync(ct));

        Assert.Equal(ErrorCode.Internal, error.Code);
        Assert.StartsWith("The store rejected an incomplete record (SQLite 1299)", error.Message, StringComparison.Ordinal);
        AssertNoSql(error);
    }

    [Fact]
    public async Task Command_UniqueIndexTaken_AlreadyExists()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        await using var db = await ContextAsync(store, ct);
        await db.Database.ExecuteSqlRawAsync(AuditRow("a1", 1), ct);

        // Same sequence number, another id: the unique index on Sequence refuses it, not the primary key.
        var error = await Assert.ThrowsAsync<FederationException>(() => Translated(db.Database.ExecuteSqlRawAsync(AuditRow("a2", 1), ct)));

        Assert.Equal(ErrorCode.AlreadyExists, error.Code);
        AssertNoSql(error);
    }

    [Fact]
    public async Task Command_ReferenceToMissingCase_FailedPrecondition()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        await using var db = await ContextAsync(store, ct);

        var error = await Assert.ThrowsAsync<FederationException>(() => Translated(db.Database.ExecuteSqlRawAsync(
            "INSERT INTO CaseAssessments (CaseId, Revision, CvssVector, CvssScoreTenths, Author, AssessedAt) VALUES ('FR-NOSUCHCASE', 1, 'CVSS:4.0', 93, 'analyst', 0);", ct)));

        Assert.Equal(ErrorCode.FailedPrecondition, error.Code);
        AssertNoSql(error);
    }

    [Theory]
    [InlineData(19, 2067, StoreFailureKind.Duplicate)]
    [InlineData(19, 1555, StoreFailureKind.Duplicate)]
    [InlineData(19, 787, StoreFailureKind.MissingReference)]
    [InlineData(19, 1299, StoreFailureKind.IncompleteRecord)]
    [InlineData(19, 275, StoreFailureKind.IncompleteRecord)]
    [InlineData(13, 13, StoreFailureKind.Full)]
    [InlineData(5, 517, StoreFailureKind.Busy)]
    [InlineData(8, 8, StoreFailureKind.Unwritable)]
    [InlineData(1, 1, StoreFailureKind.Other)]
    public void Classify_SqliteResultCodes_ToldApart(int code, int extendedCode, StoreFailureKind expected)
    {
        // Wrapped as EF Core wraps it on SaveChanges: the classifier finds it anywhere in the chain.
        var wrapped = new DbUpdateException("An error occurred while saving the entity changes.", new SqliteException("constraint failed", code, extendedCode));

        var failure = StoreErrorClassifiers.Sqlite.Classify(wrapped);

        Assert.Equal(expected, failure?.Kind);
        Assert.Equal($"SQLite {extendedCode}", failure?.ProviderCode);
    }

    [Fact]
    public async Task SaveChanges_UniqueIndexTaken_FailureNamesItsColumns_AsSqliteDoes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        await using var db = await ContextAsync(store, ct);
        await db.Database.ExecuteSqlRawAsync(AuditRow("a1", 1), ct);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(AuditRow("a2", 1), ct));
        var failure = StoreErrorClassifiers.Sqlite.Classify(error);

        // What the store tells its domain rules apart by (DomainConstraints); never shown to anyone.
        Assert.Equal((StoreFailureKind.Duplicate, "Audit.Sequence"), (failure?.Kind, failure?.Constraint));
    }

    [Fact]
    public void Classify_NotAStoreError_Null() =>
        Assert.Null(StoreErrorClassifiers.Sqlite.Classify(new InvalidOperationException("x", new TimeoutException())));

    private static async Task<FederationDbContext> ContextAsync(StoreFixture store, CancellationToken cancellationToken) =>
        await store.Services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync(cancellationToken);

    private static PeerEndpoint Endpoint(string jurisdiction) =>
        new() { Jurisdiction = jurisdiction, Endpoint = "https://de.node.example:7443", UpdatedAt = DateTimeOffset.UnixEpoch };

    private static string AuditRow(string id, long sequence) =>
        $"INSERT INTO Audit (Id, Sequence, At, Kind, Actor, Outcome, PreviousHash, Hash) VALUES ('{id}', {sequence}, 0, 'test', 'system', 'ok', 'p', 'h');";

    // A command outside SaveChanges surfaces the provider's exception; callers above Storage hand it to the translator.
    private static async Task Translated(Task command)
    {
        try
        {
            await command;
        }
        catch (Exception ex) when (new StoreErrorTranslator(StoreErrorClassifiers.Sqlite).TryTranslate(ex) is { } domain)
        {
            throw domain;
        }
    }

    private static void AssertNoSql(FederationException error)
    {
        foreach (var word in new[] { "INSERT", "constraint", "PeerEndpoints", "Audit", "CaseAssessments", "Sequence", "SQLITE_" })
        {
            Assert.DoesNotContain(word, error.Message, StringComparison.OrdinalIgnoreCase);
        }
    }
}
