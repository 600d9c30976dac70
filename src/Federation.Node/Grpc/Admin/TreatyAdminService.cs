using Federation.Contracts.V1;
using Federation.Core.Treaties;
using Federation.Node.Grpc.Mapping;
using Grpc.Core;

namespace Federation.Node.Grpc.Admin;

/// <summary>Treaties: install, validate, list, history and diff; the rules are TreatyService's.</summary>
public sealed class TreatyAdminService(TreatyService treaties) : TreatyAdmin.TreatyAdminBase
{
    private const string TreatyList = "treaties";
    private const string VersionList = "treaty-versions";

    public override async Task<ListTreatiesResponse> ListTreaties(ListTreatiesRequest request, ServerCallContext context)
    {
        var all = await treaties.DescribeAsync(null, context.CancellationToken);
        var page = PageTokens.Read(TreatyList, null, request.PageSize, request.PageToken).Slice(all);
        var response = new ListTreatiesResponse { NextPageToken = PageTokens.Next(TreatyList, null, page) };
        response.Treaties.AddRange(page.Items.Select(TreatyMapper.ToInfo));
        return response;
    }

    public override async Task<ValidateTreatyResponse> ValidateTreaty(ValidateTreatyRequest request, ServerCallContext context)
    {
        var validation = await treaties.ValidateAsync(request.Yaml, FileName(request.FileName), context.CancellationToken);
        var response = new ValidateTreatyResponse
        {
            Valid = validation.Valid,
            Treaty = validation.Treaty is null ? null : TreatyMapper.ToInfo(validation.Treaty, inForce: false),
        };
        response.Problems.AddRange(validation.Problems);
        return response;
    }

    public override async Task<TreatyInfo> InstallTreaty(InstallTreatyRequest request, ServerCallContext context)
    {
        var treaty = await treaties.InstallAsync(request.Yaml, $"operator:{FileName(request.FileName)}", AdminCall.Actor(context), context.CancellationToken);
        return TreatyMapper.ToInfo((await treaties.DescribeAsync(treaty.Id, context.CancellationToken)).First(t => t.Treaty.Version == treaty.Version));
    }

    public override async Task<ListTreatyVersionsResponse> ListTreatyVersions(ListTreatyVersionsRequest request, ServerCallContext context)
    {
        var all = await treaties.DescribeAsync(request.TreatyId, context.CancellationToken);
        var page = PageTokens.Read(VersionList, request.TreatyId, request.PageSize, request.PageToken).Slice(all);
        var response = new ListTreatyVersionsResponse { NextPageToken = PageTokens.Next(VersionList, request.TreatyId, page) };
        response.Versions.AddRange(page.Items.Select(TreatyMapper.ToInfo));
        return response;
    }

    public override Task<DiffTreatyResponse> DiffTreaty(DiffTreatyRequest request, ServerCallContext context)
    {
        var response = new DiffTreatyResponse();
        response.Changes.AddRange(treaties.Diff(request.TreatyId, request.FromVersion, request.ToVersion));
        return Task.FromResult(response);
    }

    /// <summary>Only the file's name is kept (it names the source in the audit log); a path is never trusted.</summary>
    private static string FileName(string name) => string.IsNullOrWhiteSpace(name) ? "treaty.yaml" : Path.GetFileName(name);
}
