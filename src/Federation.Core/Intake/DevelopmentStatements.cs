namespace Federation.Core.Intake;

/// <summary>
/// The built-in statements of a development node, in the six languages, each saying plainly that it is a
/// placeholder: a real authority configures its own jurisdiction's text (Federation:Intake), which a lawyer wrote.
/// </summary>
public static class DevelopmentStatements
{
    public const string Version = "dev-placeholder-1";

    public static IReadOnlyList<SafeHarbourStatement> All { get; } =
    [
        new("en", Version,
            "DEVELOPMENT PLACEHOLDER — this text binds nobody. A real node shows its jurisdiction's safe-harbour statement here: that good-faith research reported through this form will not be pursued, within the limits the law sets.",
            "DEVELOPMENT PLACEHOLDER. A real node shows its disclosure policy here: how reports are triaged, shared with partner authorities under treaty and with consent, and published once no embargo binds them.",
            true),
        new("fr", Version,
            "TEXTE PROVISOIRE DE DÉVELOPPEMENT — il n'engage personne. Un nœud réel affiche ici la déclaration de sphère de sécurité de sa juridiction : une recherche de bonne foi signalée par ce formulaire ne sera pas poursuivie, dans les limites fixées par la loi.",
            "TEXTE PROVISOIRE DE DÉVELOPPEMENT. Un nœud réel affiche ici sa politique de divulgation : comment les signalements sont triés, partagés avec les autorités partenaires selon les traités et avec consentement, puis publiés lorsqu'aucun embargo ne s'y oppose.",
            true),
        new("de", Version,
            "PLATZHALTER FÜR DIE ENTWICKLUNG — dieser Text bindet niemanden. Ein echter Knoten zeigt hier die Safe-Harbour-Erklärung seiner Rechtsordnung: Forschung in gutem Glauben, die über dieses Formular gemeldet wird, wird im gesetzlichen Rahmen nicht verfolgt.",
            "PLATZHALTER FÜR DIE ENTWICKLUNG. Ein echter Knoten zeigt hier seine Offenlegungsrichtlinie: wie Meldungen gesichtet, nach Abkommen und mit Einwilligung mit Partnerbehörden geteilt und veröffentlicht werden, sobald kein Embargo mehr gilt.",
            true),
        new("es", Version,
            "TEXTO PROVISIONAL DE DESARROLLO — no obliga a nadie. Un nodo real muestra aquí la declaración de puerto seguro de su jurisdicción: la investigación de buena fe comunicada mediante este formulario no será perseguida, dentro de los límites que fija la ley.",
            "TEXTO PROVISIONAL DE DESARROLLO. Un nodo real muestra aquí su política de divulgación: cómo se clasifican los informes, se comparten con las autoridades asociadas según los tratados y con consentimiento, y se publican cuando ningún embargo lo impide.",
            true),
        new("ja", Version,
            "開発用の仮の文章です。誰も拘束しません。実際のノードでは、ここに管轄区域のセーフハーバー声明が表示されます。このフォームで報告された善意の調査は、法の定める範囲で追及されません。",
            "開発用の仮の文章です。実際のノードでは、ここに開示方針が表示されます。報告の選別方法、条約と同意に基づく提携機関との共有、そして禁止期間が終わった後の公開について説明します。",
            true),
        new("ar", Version,
            "نص مؤقت لأغراض التطوير — لا يُلزم أحدًا. تعرض العقدة الحقيقية هنا بيان الملاذ الآمن الخاص بولايتها القضائية: البحث بحسن نية الذي يُبلَّغ عنه عبر هذا النموذج لن يُلاحَق، ضمن الحدود التي يضعها القانون.",
            "نص مؤقت لأغراض التطوير. تعرض العقدة الحقيقية هنا سياسة الإفصاح: كيف تُفرز البلاغات، وكيف تُشارك مع السلطات الشريكة وفق المعاهدات وبموافقة المُبلِّغ، وكيف تُنشر حين لا يبقى أي حظر.",
            true),
    ];
}
