using System.Collections;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Federation.Contracts.V1;
using Federation.Core.Identity;
using Federation.Core.Treaties;
using Federation.Node.Hosting;
using Federation.Node.Security;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Testing;

/// <summary>
/// Sends a real node mutated envelopes from an authenticated partner (DE's certificate) over the peer port and
/// records how each was answered. The mutations go from raw bit flips of the request (caught by parsing or the
/// signature) to structure-aware ones re-signed with DE's key (a partner that misbehaves on purpose), which reach the
/// treaty check and every handler: hostile strings, wrong parties, far dates, other message kinds, replays. The
/// choice and shape of each mutation follow the seed; message ids, times and ECDSA signatures do not, so a rerun with
/// the same seed makes the same kinds of mutation, not the same bytes.
/// </summary>
public sealed class EnvelopeFuzzer(TestNode target, X509Certificate2 partnerCertificate, string partner, Treaty treaty, int seed)
{
    /// <summary>Statuses a well-behaved node may answer with; anything else (UNKNOWN, INTERNAL, UNAVAILABLE, a hang) is a bug.</summary>
    public static readonly IReadOnlySet<StatusCode> Expected = new HashSet<StatusCode>
    {
        StatusCode.OK, StatusCode.InvalidArgument, StatusCode.FailedPrecondition, StatusCode.PermissionDenied, StatusCode.Unauthenticated,
        StatusCode.ResourceExhausted, StatusCode.AlreadyExists, StatusCode.NotFound, StatusCode.OutOfRange, StatusCode.Aborted,
    };

    private static readonly Method<byte[], byte[]> Deliver = new(MethodType.Unary, "federation.v1.Peer", "Deliver",
        Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));

    private readonly Random _random = new(seed);
    private readonly List<byte[]> _sent = [];

    /// <summary>A fuzzer against <paramref name="target"/> of <paramref name="federation"/>, speaking as <paramref name="partner"/> (a party to its treaty).</summary>
    public static EnvelopeFuzzer For(TestFederation federation, string target, string partner, int seed)
    {
        var node = federation[target];
        var treaty = node.Services.GetRequiredService<NodeRuntime>().Treaties.All[0];
        return new EnvelopeFuzzer(node, federation.Pki.Node(partner), partner, treaty, seed);
    }

    /// <summary>Sends <paramref name="count"/> mutated envelopes, <paramref name="inFlight"/> at a time.</summary>
    public async Task<FuzzReport> RunAsync(int count, int inFlight, CancellationToken cancellationToken)
    {
        var invoker = target.PeerInvokerAs(partnerCertificate);
        var report = new FuzzReport();
        var requests = Enumerable.Range(0, count).Select(_ => Next()).ToList();
        using var gate = new SemaphoreSlim(inFlight);
        var calls = requests.Select(async request =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var status = await SendAsync(invoker, request.Bytes, cancellationToken);
                report.Record(request.Mutation, status.StatusCode, status.Detail);
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(calls);
        return report;
    }

    private static async Task<Status> SendAsync(CallInvoker invoker, byte[] bytes, CancellationToken cancellationToken)
    {
        try
        {
            await invoker.AsyncUnaryCall(Deliver, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken), bytes);
            return Status.DefaultSuccess;
        }
        catch (RpcException ex)
        {
            return ex.Status;
        }
    }

    private (string Mutation, byte[] Bytes) Next()
    {
        var kind = _random.Next(9);
        var (mutation, bytes) = kind switch
        {
            0 => ("request-bit-flips", FlipBits(Request(Seed()), 1 + _random.Next(16))),
            1 => ("request-truncated-or-extended", Resize(Request(Seed()))),
            2 => ("content-bit-flips-resigned", Request(Resign(FlipBits(Seed().Content.ToByteArray(), 1 + _random.Next(8))))),
            3 or 4 or 5 => ("content-fields-resigned", Request(Resign(MutateFields(EnvelopeContent.Parser.ParseFrom(Seed().Content)).ToByteArray()))),
            6 => ("signature-or-certificate", Request(BreakSignature(Seed()))),
            7 => ("replay", Replay()),
            _ => ("junk", RandomBytes(_random.Next(0, 4096))),
        };
        _sent.Add(bytes);
        return (mutation, bytes);
    }

    private byte[] Replay()
    {
        if (_sent.Count == 0 || _random.Next(2) == 0)
        {
            // The same message id with other content: REPLAY_CONFLICT, never a second application.
            var first = EnvelopeContent.Parser.ParseFrom(Seed().Content);
            var second = EnvelopeContent.Parser.ParseFrom(Seed().Content);
            second.MessageId = first.MessageId;
            var original = Request(Resign(first.ToByteArray()));
            _sent.Add(original);
            return Request(Resign(second.ToByteArray()));
        }

        return _sent[_random.Next(_sent.Count)];
    }

    private SignedEnvelope Seed()
    {
        using var sealer = new EnvelopeSealer(new LocalNode(JurisdictionCode.Parse(partner)), partnerCertificate);
        var id = MessageId.New(JurisdictionCode.Parse(partner), TimeProvider.System);
        var recipient = target.Jurisdiction;
        var caseId = new FederationCaseId(JurisdictionCode.Parse(partner), Ulid.NewUlid(TimeProvider.System));
        var bytes = _random.Next(3) switch
        {
            0 => sealer.SealWithdrawal(id, JurisdictionCode.Parse(recipient), caseId, 1 + _random.Next(5), DateTimeOffset.UtcNow),
            1 => sealer.SealCountersignature(id, JurisdictionCode.Parse(recipient), new Countersignature(treaty.Id, treaty.Version, treaty.ContentHash), DateTimeOffset.UtcNow),
            _ => sealer.Seal(id, JurisdictionCode.Parse(recipient), treaty, new Core.Sharing.CaseSummary(caseId, 1 + _random.Next(5), Core.Cases.Tlp.Amber,
                [new("title", "Fuzzed " + _random.Next()), new("sector", "health")]), DateTimeOffset.UtcNow),
        };
        return SignedEnvelope.Parser.ParseFrom(bytes);
    }

    private static byte[] Request(SignedEnvelope envelope) => new DeliverRequest { Envelope = envelope }.ToByteArray();

    private SignedEnvelope Resign(byte[] content)
    {
        using var key = partnerCertificate.GetECDsaPrivateKey()!;
        return new SignedEnvelope
        {
            Content = ByteString.CopyFrom(content),
            Signature = ByteString.CopyFrom(Core.Envelopes.EnvelopeSignature.Sign(content, key)),
            SignerCertificate = ByteString.CopyFrom(partnerCertificate.RawData),
        };
    }

    private SignedEnvelope BreakSignature(SignedEnvelope envelope)
    {
        switch (_random.Next(4))
        {
            case 0:
                envelope.Signature = ByteString.CopyFrom(RandomBytes(_random.Next(0, 128)));
                break;
            case 1:
                envelope.SignerCertificate = ByteString.CopyFrom(FlipBits(envelope.SignerCertificate.ToByteArray(), 1 + _random.Next(4)));
                break;
            case 2:
                envelope.SignerCertificate = ByteString.CopyFrom(RandomBytes(_random.Next(0, 2048)));
                break;
            default:
                envelope.Signature = ByteString.Empty;
                break;
        }

        return envelope;
    }

    /// <summary>Sets one to three fields anywhere in the content's message tree to a hostile value of the field's type.</summary>
    private EnvelopeContent MutateFields(EnvelopeContent content)
    {
        for (var i = 0; i < 1 + _random.Next(3); i++)
        {
            Mutate(content, depth: 0);
        }

        return content;
    }

    private void Mutate(IMessage message, int depth)
    {
        var fields = message.Descriptor.Fields.InFieldNumberOrder();
        var field = fields[_random.Next(fields.Count)];
        if (field.IsMap)
        {
            return;
        }

        if (field.IsRepeated)
        {
            var list = (IList)field.Accessor.GetValue(message);
            if (field.FieldType == FieldType.Message)
            {
                var item = (IMessage)System.Activator.CreateInstance(field.MessageType.ClrType)!;
                Mutate(item, depth + 1);
                list.Add(item);
            }
            else if (Value(field) is { } value)
            {
                list.Add(value);
            }

            return;
        }

        if (field.FieldType == FieldType.Message)
        {
            var child = (IMessage?)field.Accessor.GetValue(message) ?? (IMessage)System.Activator.CreateInstance(field.MessageType.ClrType)!;
            if (depth < 4 && _random.Next(4) != 0)
            {
                Mutate(child, depth + 1);
            }

            field.Accessor.SetValue(message, child);
            return;
        }

        if (Value(field) is { } scalar)
        {
            field.Accessor.SetValue(message, scalar);
        }
    }

    private object? Value(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => HostileString(),
        FieldType.Bytes => ByteString.CopyFrom(RandomBytes(_random.Next(0, 512))),
        FieldType.Bool => _random.Next(2) == 0,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Pick(0, -1, 1, int.MaxValue, int.MinValue, _random.Next()),
        FieldType.UInt32 or FieldType.Fixed32 => (uint)Pick(0, 1, int.MaxValue, _random.Next()),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => (long)Pick(0, -1, 1, int.MaxValue, _random.Next()) * (_random.Next(2) == 0 ? 1 : long.MaxValue / int.MaxValue),
        FieldType.UInt64 or FieldType.Fixed64 => (ulong)Pick(0, 1, int.MaxValue, _random.Next()),
        FieldType.Double => Pick(0, -1, 1, 1e308, -1e308, double.NaN, double.PositiveInfinity),
        FieldType.Float => (float)Pick(0, -1, 1, 3e38, float.NaN),
        FieldType.Enum => field.EnumType.Values[_random.Next(field.EnumType.Values.Count)].Number + (_random.Next(5) == 0 ? 1000 : 0),
        _ => null,
    };

    private string HostileString() => _random.Next(10) switch
    {
        0 => string.Empty,
        1 => new string('A', _random.Next(1000, 70_000)),
        2 => "line\nforged: [ERR] " + new string('\u0007', 3) + "\r\u001b[31m\0",
        3 => "\u202Eevil\u202C \uFEFF \uD83D\uDE00 \u0645\u0631\u062D\u0628\u0627",
        4 => Pick("FR", "DE", "KR", "XX", "fr", "urn:federation:jurisdiction:FR"),
        5 => partner + "-" + Ulid.NewUlid(TimeProvider.System),
        6 => Pick("reporter_name", "reporter_email", "technical_description", "proof_of_concept", "title"),
        7 => Pick(treaty.Id, treaty.Id + "-other", "../../etc/passwd", "%s%s%n"),
        8 => Pick("2026-13-45T99:99:99Z", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "CVSS:4.0/AV:X"),
        _ => Encoding.Latin1.GetString(RandomBytes(_random.Next(1, 64))),
    };

    private T Pick<T>(params T[] values) => values[_random.Next(values.Length)];

    private byte[] FlipBits(byte[] bytes, int flips)
    {
        var copy = (byte[])bytes.Clone();
        for (var i = 0; i < flips && copy.Length > 0; i++)
        {
            copy[_random.Next(copy.Length)] ^= (byte)(1 << _random.Next(8));
        }

        return copy;
    }

    private byte[] Resize(byte[] bytes) => _random.Next(2) == 0
        ? bytes[..Math.Max(0, bytes.Length - 1 - _random.Next(Math.Max(1, bytes.Length)))]
        : [.. bytes, .. RandomBytes(1 + _random.Next(256))];

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }
}
