using Federation.Core.Cases;
using Google.Protobuf.WellKnownTypes;
using Wire = Federation.Contracts.V1;

namespace Federation.Node.Grpc.Mapping;

/// <summary>Cases for the node's own operators (admin API only: raw fields never reach the peer side).</summary>
public static class CaseMapper
{
    public static Wire.Case ToWire(Case c)
    {
        var wire = new Wire.Case
        {
            FederationCaseId = c.Id,
            Title = c.Title,
            Synopsis = c.Synopsis ?? string.Empty,
            TechnicalDescription = c.TechnicalDescription ?? string.Empty,
            ProofOfConcept = c.ProofOfConcept ?? string.Empty,
            ReporterName = c.ReporterName ?? string.Empty,
            ReporterContact = c.ReporterContact ?? string.Empty,
            Vendor = c.Vendor ?? string.Empty,
            Product = c.Product ?? string.Empty,
            ModelVersion = c.ModelVersion ?? string.Empty,
            Sector = c.Sector ?? string.Empty,
            TaxonomyClass = c.TaxonomyClass ?? string.Empty,
            Component = c.Component ?? string.Empty,
            Assessment = c.CurrentSeverity is { } severity
                ? RiskMapper.ToWire(severity, c.AssessedBy ?? string.Empty, c.AssessedAt ?? c.UpdatedAt, c.Revision)
                : null,
            Status = WireEnums.ToWire(c.Status),
            Tlp = WireEnums.ToWire(c.Tlp),
            NationalSecurity = c.NationalSecurity,
            ContainsPersonalData = c.ContainsPersonalData,
            Revision = c.Revision,
            CreatedAt = Timestamp.FromDateTimeOffset(c.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(c.UpdatedAt),
        };
        wire.ConsentScopes.AddRange(c.ConsentScopes);
        return wire;
    }

    /// <summary>
    /// A case in a list: without its long texts (synopsis, technical description, proof of concept, up
    /// to 384 KB together), so fifty cases always fit in one response; GetCase gives a case whole.
    /// </summary>
    public static Wire.Case ToListItem(Case c)
    {
        var wire = ToWire(c);
        wire.Synopsis = string.Empty;
        wire.TechnicalDescription = string.Empty;
        wire.ProofOfConcept = string.Empty;
        return wire;
    }

    public static CaseFieldsUpdate ToDomain(Wire.CaseFields? f)
    {
        if (f is null)
        {
            return new CaseFieldsUpdate();
        }

        return new CaseFieldsUpdate
        {
            Title = f.HasTitle ? f.Title : null,
            Synopsis = f.HasSynopsis ? f.Synopsis : null,
            TechnicalDescription = f.HasTechnicalDescription ? f.TechnicalDescription : null,
            ProofOfConcept = f.HasProofOfConcept ? f.ProofOfConcept : null,
            ReporterName = f.HasReporterName ? f.ReporterName : null,
            ReporterContact = f.HasReporterContact ? f.ReporterContact : null,
            Vendor = f.HasVendor ? f.Vendor : null,
            Product = f.HasProduct ? f.Product : null,
            ModelVersion = f.HasModelVersion ? f.ModelVersion : null,
            Sector = f.HasSector ? f.Sector : null,
            TaxonomyClass = f.HasTaxonomyClass ? f.TaxonomyClass : null,
            Component = f.HasComponent ? f.Component : null,
            Status = f.HasStatus ? WireEnums.ToDomain(f.Status) ?? throw new Federation.Core.FederationException(Federation.Core.ErrorCode.InvalidArgument,
                $"{f.Status} is not a case status: use NEW, TRIAGE, COORDINATING, PUBLISHED or CLOSED.", "status") : null,
            Tlp = f.HasTlp ? WireEnums.ToDomain(f.Tlp, "tlp") : null,
            NationalSecurity = f.HasNationalSecurity ? f.NationalSecurity : null,
            ContainsPersonalData = f.HasContainsPersonalData ? f.ContainsPersonalData : null,
        };
    }
}
