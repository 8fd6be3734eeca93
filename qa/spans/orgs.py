"""Answer spans inside one sentence, found by what the question asks for.

With no generative model, the answer is shown by highlighting part of the
answering sentence. The question type (``qtype.py``) says what to look for: a
number with its unit (232只风险基金, 1.06亿英镑, 38 家大学, 十余家医院), a date
(2018 年, 2024—2034年), a person (总经理顾成建, Iordanis Kerenidis), a named
thing (《…》, “济南一号”, 斯坦福国际研究院(SRI International), QURECA) or a
list joined by 、/和 (科罗拉多州、新墨西哥州和怀俄明州). Candidates rank by how
well they fit the type and by what the question does not already say: a span
made of the question's own words is rarely its answer, a span beside them
often is.

Offsets are into ``sentence``; the caller maps them to the file. Numbers and
dates need only regular expressions (~0.02 ms a sentence); names and lists
need words and part-of-speech tags (~0.4 ms), taken from jieba's segmenter
and its dictionary rather than its tagger, which costs three times more and
cuts unknown names apart (顾成/建).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from qa.spans.qtype import ZH_HEAD_NOUNS, QuestionType


@dataclass(frozen=True)
class SpanCandidate:
    start: int  # into the sentence
    end: int
    text: str
    score: float


def answer_spans(
    sentence: str, qtype: QuestionType, question_terms: Iterable[str] = frozenset(), *, min_score: float = 0.5
) -> list[SpanCandidate]:
    """Candidate answer spans in ``sentence``, best first; empty when the type gives nothing to look for.

    ``question_terms`` are the question's Chinese tokens (or those of its
    translation; numbers such as 2022 included): spans the question already
    spells out rank lower, spans surrounded by them higher. Candidates scoring
    under ``min_score`` are dropped: in sentences holding nothing of the asked
    kind they are noun phrases picked for want of better (under 0.5 on the
    seed corpus), while real answers score above 1.2.
    """
    if not sentence.strip() or qtype.kind == "other":
        return []
    ctx = _context(sentence, qtype, question_terms)
    finder = {"number": _numbers, "date": _dates, "person": _people}.get(qtype.kind, _phrases)
    best: dict[tuple[int, int], SpanCandidate] = {}
    for cand in finder(ctx):
        if cand.score < min_score:
            continue
        key = (cand.start, cand.end)
        if key not in best or cand.score > best[key].score:
            best[key] = SpanCandidate(cand.start, cand.end, cand.text, round(cand.score, 4))
    return sorted(best.values(), key=lambda c: (-c.score, c.start))


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# ---------------------------------------------------------------- words and tags

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_OPEN, _CLOSE = "((", "))"


@lru_cache(maxsize=1)
def _jieba():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@dataclass(frozen=True)
class _Token:
    word: str
    flag: str  # jieba's part-of-speech tag; "oov" for a word its HMM found (names, mostly)
    start: int
    end: int


def _tag(text: str) -> list[_Token]:
    jieba = _jieba()
    tags = jieba.posseg.dt.word_tag_tab
    out, pos = [], 0
    for word in jieba.lcut(text):
        if word in tags:
            flag = tags[word]
        elif word.isdigit():
            flag = "m"
        elif _CJK.match(word):
            flag = "r" if word[0] in "这那该此每各某其" else "oov"  # 这篇, 该所: not names
        elif re.match(r"[A-Za-z]", word):
            flag = "eng"
        else:
            flag = "x"
        out.append(_Token(word, flag, pos, pos + len(word)))
        pos += len(word)
    return out


# ---------------------------------------------------------------- what the question says


@dataclass(frozen=True)
class _Context:
    sentence: str
    qtype: QuestionType
    hits: tuple[tuple[str, int, int], ...]  # where question terms occur: (term, start, end)
    numbers: frozenset[str]  # numbers the question states
    inside: tuple[bool, ...]  # per character: inside parentheses, an aside rarely the answer
    heads: tuple[str, ...]  # endings the answer may carry: 大学 for "which universities"


# English head nouns -> Chinese endings an answer of that kind carries.
_EN_HEADS = {
    "university": "大学 高校 学院", "college": "学院 大学", "school": "学校 学院 大学",
    "company": "公司 企业 集团 科技", "firm": "公司 企业", "startup": "初创企业 企业 公司",
    "enterprise": "企业 公司", "business": "企业 公司", "vendor": "公司 厂商",
    "manufacturer": "厂商 公司", "hub": "中心 枢纽", "centre": "中心", "center": "中心",
    "member": "成员 会员", "hospital": "医院", "fund": "基金", "state": "州", "city": "市 城市",
    "country": "国 国家", "province": "省", "lab": "实验室", "laboratory": "实验室",
    "institution": "机构 研究院 研究所 大学 实验室", "institute": "研究院 研究所",
    "organisation": "机构 组织 协会 联盟", "organization": "机构 组织 协会 联盟",
    "agency": "局 署 机构", "alliance": "联盟", "consortium": "联盟", "bank": "银行",
    "unit": "单位 家", "report": "报告", "plan": "计划 规划", "act": "法案 法", "law": "法 法案",
    "project": "项目 计划 工程", "programme": "计划 项目", "program": "计划 项目",
    "strategy": "战略", "initiative": "倡议 计划", "policy": "政策", "satellite": "卫星 号",
    "group": "组 小组 工作组", "line": "线 干线 线路", "product": "仪 器 产品 设备",
    "device": "仪 器 设备", "algorithm": "算法", "people": "人", "journal": "学报 期刊 杂志",
    "field": "领域", "area": "领域 方面", "money": "元 美元 英镑 欧元 日元",
    "funding": "元 美元 英镑 欧元", "investment": "元 美元 英镑 欧元", "year": "年",
    "long": "年 月 天 周 小时", "old": "岁",
}
_ZH_HEAD_ENDINGS = _words("公司 大学 中心 成员 医院 基金 机构 实验室 研究院 报告 项目 计划 算法 工作组 "
                          "城市 国家 企业")


def _heads(focus: str) -> tuple[str, ...]:
    """Endings to look for; the focus 量子公司 also accepts X量子, the usual short name of a firm."""
    if not focus:
        return ()
    if _CJK.search(focus):
        heads = [focus]
        for end in _ZH_HEAD_ENDINGS:
            if focus.endswith(end) and focus != end:
                heads.append(end)
                if end in ("公司", "企业"):
                    heads.append(focus[: -len(end)])
        if len(focus) > 2 and len(heads) == 1:
            heads.append(focus[-2:])
        return tuple(heads)
    word = focus.lower()
    for key in (word, word[:-1], word[:-3] + "y"):
        if key in _EN_HEADS:
            return _words(_EN_HEADS[key])
    return ()


def _parens(sentence: str) -> tuple[bool, ...]:
    depth, out = 0, []
    for ch in sentence:
        if ch in _OPEN:
            depth += 1
        out.append(depth > 0)
        if ch in _CLOSE and depth:
            depth -= 1
    return tuple(out)


def _term_hits(sentence: str, terms: Iterable[str]) -> tuple[tuple[str, int, int], ...]:
    low = sentence.lower()
    if len(low) != len(sentence):
        low = sentence
    hits = []
    for term in {t.lower() for t in terms}:
        if len(term) < 2:
            continue  # single characters (州, 国) occur everywhere and say nothing
        i = low.find(term)
        while i >= 0:
            hits.append((term, i, i + len(term)))
            i = low.find(term, i + 1)
    return tuple(hits)


def _context(sentence: str, qtype: QuestionType, terms: Iterable[str]) -> _Context:
    terms = tuple(terms)
    numbers = frozenset(re.sub(r"[\s,%]", "", t) for t in terms if t[:1].isdigit())
    hits = _term_hits(sentence, terms)
    return _Context(sentence, qtype, hits, numbers, _parens(sentence), _heads(qtype.focus))


def _coverage(ctx: _Context, s: int, e: int) -> float:
    """Share of the span's letters that the question already says."""
    covered = [False] * (e - s)
    for _, hs, he in ctx.hits:
        for i in range(max(hs, s), min(he, e)):
            covered[i - s] = True
    counted = [c for c, ch in zip(covered, ctx.sentence[s:e]) if ch.isalnum()]
    return sum(counted) / len(counted) if counted else 0.0


def _proximity(ctx: _Context, s: int, e: int, reach: int = 30) -> float:
    """0..1: how close the question's words sit around the span (an answer sits among them)."""
    best: dict[str, float] = {}
    for term, hs, he in ctx.hits:
        if hs < e and he > s:
            continue
        gap = hs - e if hs >= e else s - he
        best[term] = max(best.get(term, 0.0), 1.0 - gap / reach)
    present = {t for t, _, _ in ctx.hits}
    return sum(max(0.0, v) for v in best.values()) / len(present) if present else 0.0


def _adjacent(ctx: _Context, s: int, e: int) -> bool:
    """A question word touches the span: 中国信息通信研究院|牵头 for "哪家单位牵头…"."""
    for _, hs, he in ctx.hits:
        if 0 <= hs - e <= 1 or 0 <= s - he <= 1:
            between = ctx.sentence[e:hs] if hs >= e else ctx.sentence[he:s]
            if not between.strip() or between.isalnum():
                return True
    return False


def _aside(ctx: _Context, s: int, e: int) -> bool:
    return e > s and all(ctx.inside[s:e])


# ---------------------------------------------------------------- numbers

_AR = r"\d+(?:[.,]\d+)*"
_ZHN = r"[零〇一二两三四五六七八九十百千万亿]+"
_MULT = r"(?:万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千)"
_CURRENCY = r"(?:美元|英镑|欧元|日元|港元|人民币|元)"
_MEASURE = (
    r"(?:个百分点|百分点|%|‰|倍|岁|个月|小时|分钟|秒|公里|千米|平方米|平方公里|米|厘米|"
    r"毫米|纳米|吨|公斤|千克|克|亩|量子比特|比特|qubits?|GW|MW|kW|km|nm|GB|TB)"
)
_CLASSIFIER = (
    r"(?:人次|个|家|只|所|项|名|位|人|种|条|座|台|篇|次|份|部|支|款|件|颗|枚|架|辆|年|月|周|"
    r"天|届|期|批|轮|组|套|处|间|本|例)"
)
_NUMBER = re.compile(
    rf"(?P<num>{_AR}(?:\s?{_MULT})?|(?:数|几|上|近|逾)?{_ZHN}(?:余|多|来)?)"
    rf"(?:\s?(?P<unit>{_CURRENCY}|{_MEASURE}|{_CLASSIFIER}))?"
)
_YEAR = re.compile(r"(?:19|20)\d\d$")
_PERCENT = ("%", "‰", "个百分点", "百分点")
_SHARE = ("share", "占比", "比例", "比重", "份额", "百分比")
_MONEY = ("money", "funding", "investment", "资金", "金额", "钱")
_NOUNISH = re.compile(r"^(n|vn|j|l|b|oov)")


def _numbers(ctx: _Context) -> list[SpanCandidate]:
    text, focus = ctx.sentence, ctx.qtype.focus.lower()
    out = []
    for m in _NUMBER.finditer(text):
        num, unit = m.group("num"), m.group("unit") or ""
        s, e = m.span()
        before, after = text[max(0, s - 2):s], text[m.end():m.end() + 1]
        if re.search(r"[A-Za-z\-.]$", before) or (not unit and re.match(r"[A-Za-z\d]", after)):
            continue  # part of a name or a code: QED-C, 5G, H2
        if before.endswith(("[", "^")):
            continue  # a reference mark ^[14]
        digits = re.sub(r"[\s,]", "", num)
        if _YEAR.match(digits) and unit in ("", "年") and focus not in ("year", "年"):
            continue  # a year is a date, not a quantity
        arabic = num[0].isdigit()
        if not arabic and not unit:
            continue  # 统一, 之一, 万物: Chinese numerals count only with a classifier
        score = 1.0 + (0.6 if unit else 0.0) + (0.3 if re.search(_MULT, num) else 0.0)
        if unit and re.fullmatch(_CLASSIFIER, unit):
            e = _counted_noun(ctx, e)
        tail = text[m.end():e]
        if ctx.heads and any(h in tail or unit.startswith(h) or unit.endswith(h) for h in ctx.heads):
            score += 0.9  # 38 家大学 for "how many universities"
        if focus in _SHARE:
            score += 0.9 if unit in _PERCENT else -0.3
        elif unit in _PERCENT and ctx.heads:
            score -= 0.3
        if focus in _MONEY and re.fullmatch(_CURRENCY, unit):
            score += 0.9
        if digits in ctx.numbers:
            score -= 1.2
        if num == "一" and unit in ("个", "种", "项", "份", "位", "名"):
            score -= 0.6  # 一个, 一种: an article more often than a count
        if text[max(0, s - 1):s] == "第":
            score -= 0.5
        if _aside(ctx, s, e):
            score -= 0.4
        score += 0.6 * _proximity(ctx, s, e) + 0.6 * _anchored(ctx, s, e) - 0.002 * s
        out.append(SpanCandidate(s, e, text[s:e], score))
    return out


def _counted_noun(ctx: _Context, end: int) -> int:
    """Where the counted noun after a classifier ends: 232只|风险基金, 38 家|大学."""
    text = ctx.sentence
    window = re.match(r"[^\s,,。;;、::()()“”\"]{0,10}", text[end:]).group()
    if not window:
        return end
    for head in sorted(ctx.heads, key=len, reverse=True):
        i = window.find(head)
        if 0 <= i <= 6:
            return end + i + len(head)
    asked = {(hs - end, he - end) for _, hs, he in ctx.hits}
    taken = 0
    for tok in _tag(window):
        if not _NOUNISH.match(tok.flag):
            break
        if taken + len(tok.word) > 6 and not any(hs <= tok.start and tok.end <= he for hs, he in asked):
            break  # nouns the question names may run longer: 6个|量子生态中心
        taken = tok.end
    return end + taken


def _anchored(ctx: _Context, s: int, e: int, reach: int = 12) -> float:
    """0..1: a year or number of the question sits right before the span (2022年的|9.18亿美元)."""
    best = 0.0
    for term, hs, he in ctx.hits:
        if not term[:1].isdigit() or (hs >= s and he <= e):
            continue
        gap = s - he if he <= s else hs - e + reach // 2  # an anchor after the number counts less
        best = max(best, 1.0 - gap / reach)
    return best


# ---------------------------------------------------------------- dates

_ZH_DIGIT = "〇零一二三四五六七八九"
_DATES = (  # (pattern, base score); earlier patterns win overlaps
    (re.compile(r"(?:19|20)\d\d\s*[—–\-~～至到]\s*(?:(?:19|20)\d\d\s*)?年?(?:19|20)?\d\d\s*年"), 1.4),
    (re.compile(r"(?:19|20)\d\d\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?代?"), 1.2),
    (re.compile(rf"[{_ZH_DIGIT}]{{4}}年(?:[一二三四五六七八九十]{{1,2}}月"
                rf"(?:[一二三四五六七八九十]{{1,3}}日)?)?"), 1.2),
    (re.compile(r"(?<!\d)\d{1,2}\s*月\s*\d{1,2}\s*[日号]"), 1.0),
    (re.compile(r"(?<![\d.])(?:19|20)\d\d[-/.]\d{1,2}(?:[-/.]\d{1,2})?(?![\d.])"), 1.0),
    (re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+"
                r"(?:\d{1,2},?\s+)?(?:19|20)\d\d"), 1.2),
    (re.compile(r"(?<![\d.A-Za-z\-])(?:19|20)\d\d(?![\d.%A-Za-z])"), 0.6),
    (re.compile(r"去年|今年|明年|前年|近日|日前|近期|目前"), 0.2),
)


def _dates(ctx: _Context) -> list[SpanCandidate]:
    text = ctx.sentence
    taken: list[tuple[int, int]] = []
    out = []
    for pattern, base in _DATES:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and e > ts for ts, te in taken):
                continue
            taken.append((s, e))
            score = base + (0.4 if "月" in m.group() else 0.0)
            years = re.findall(r"(?:19|20)\d\d", m.group())
            if years and all(y in ctx.numbers for y in years):
                score -= 1.2  # the question's own year: 到2030年要形成…
            if _aside(ctx, s, e):
                score -= 0.5  # (…, 2017 年成立, …) beside the main clause's 2018 年
            score += 0.5 * _proximity(ctx, s, e) - 0.002 * s
            out.append(SpanCandidate(s, e, text[s:e], score))
    return out


# ---------------------------------------------------------------- people

_TITLES = frozenset(_words(
    "联合创始人 创始人 创办人 总经理 副总经理 董事长 副董事长 执行董事 董事 院长 副院长 所长 "
    "副所长 主任 副主任 总裁 副总裁 首席执行官 首席科学家 首席技术官 首席运营官 CEO CTO COO CFO "
    "负责人 教授 研究员 副研究员 博士 主席 副主席 理事长 副理事长 秘书长 书记 部长 局长 总监 "
    "经理 院士 专家 科学家 合伙人 总工程师 校长 总编 主编 处长 司长 市长 省长 总统 总理 大使 "
    "创始合伙人 发起人 联合发起人 评荐 作者 记者"
))
_AFTER_NAME = frozenset(_words(
    "院士 教授 博士 先生 女士 研究员 老师 表示 告诉 指出 认为 介绍 透露 强调 坦言 说 称 等"
))
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于"
    "蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛"
    "闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍"
    "庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍"
    "涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉"
    "缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇"
    "栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_COMPOUND_SURNAMES = _words("欧阳 司马 诸葛 上官 司徒 东方 夏侯 皇甫 尉迟 公孙 慕容 长孙 宇文 令狐")
_LATIN_NAME = re.compile(r"(?<![A-Za-z])[A-Z][a-z]+(?:[ \-][A-Z]\.)?(?:[ \-][A-Z][a-z]+){1,2}(?![A-Za-z])")
_ORG_WORDS = frozenset(_words(
    """quantum technology technologies centre center alliance network industry industries university
    institute lab laboratory laboratories research exchange international inc group company corporation
    association foundation consortium computing science sciences systems labs partners capital ventures
    national council program programme initiative innovation hub enterprise economic development federal
    funded office department agency ministry european american chinese"""
))


def _looks_like_name(tok: _Token) -> bool:
    """A surname and one or two more characters, and not a common word.

    jieba's dictionary knows common words and its HMM cuts unknown names out
    whole (顾成建, 段路明), so an unknown or rare word after a surname is a name.
    """
    word = tok.word
    if not 2 <= len(word) <= 4 or not all(_CJK.match(c) for c in word) or word in _TITLES:
        return False
    if word.startswith(_COMPOUND_SURNAMES):
        surname = len(word) >= 3
    else:
        surname = word[0] in _SURNAMES and len(word) <= 3
    return surname and (tok.flag in ("oov", "nr", "nrfg") or _jieba().dt.FREQ.get(word, 0) < 50)


def _join_surnames(tokens: list[_Token]) -> list[_Token]:
    """李|明远 -> 李明远: jieba tags a lone surname ``nr`` and leaves the given name as a word of its own."""
    out: list[_Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if (tok.flag == "nr" and len(tok.word) == 1 and tok.word in _SURNAMES and nxt is not None
                and 1 <= len(nxt.word) <= 2 and all(_CJK.match(c) for c in nxt.word)
                and nxt.flag[:1] not in "upcyexmqr" and nxt.word not in _AFTER_NAME | _TITLES | _VERB_STOP):
            out.append(_Token(tok.word + nxt.word, "nr", tok.start, nxt.end))
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


def _people(ctx: _Context) -> list[SpanCandidate]:
    text, q = ctx.sentence, ctx.qtype
    tokens = _join_surnames(_tag(text))
    found: dict[tuple[int, int], float] = {}
    names: list[int] = []
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1].word if i + 1 < len(tokens) else ""
        if not _looks_like_name(tok) or ZH_HEAD_NOUNS.get(nxt) in ("place", "org") or nxt in _GENERIC:
            continue  # 桑迪亚|国家实验室 names a place, not a person
        names.append(i)
        prev = tokens[i - 1] if i else None
        base = 0.7
        if prev and (prev.word in _TITLES or prev.word in (":", ":")):
            asked = any(hs < prev.end and he > prev.start for _, hs, he in ctx.hits)
            base = 1.9 if asked else 1.3  # 总经理 is in the question: the name after it answers
        if nxt in _AFTER_NAME or nxt in _OPEN:
            base = max(base, 1.1)
        found[(tok.start, tok.end)] = base
    for m in _LATIN_NAME.finditer(text):
        if not any(w.lower() in _ORG_WORDS for w in re.split(r"[ \-]", m.group())):
            titled = text[max(0, m.start() - 6):m.start()].endswith(tuple(_TITLES))
            found[m.span()] = 1.3 if titled else 1.0
    several = (q.expects_count or 0) > 1
    out = [SpanCandidate(s, e, text[s:e], base - (0.5 if several else 0.0) + _context_score(ctx, s, e))
           for (s, e), base in found.items()]
    run: list[int] = []  # 郭光灿、杜江峰、潘建伟: names joined by 、 or 和
    for i in names + [-1]:
        if run and i == run[-1] + 2 and tokens[i - 1].word in _SEPARATORS | _CONJ:
            run.append(i)
            continue
        if len(run) >= 2:
            s, e = tokens[run[0]].start, tokens[run[-1]].end
            if q.expects_count:
                fit = 1.0 if len(run) == q.expects_count else -0.6
            else:
                fit = 0.5 if q.plural else -0.3
            out.append(SpanCandidate(s, e, text[s:e], 1.1 + fit + _context_score(ctx, s, e)))
        run = [i]
    return out


def _context_score(ctx: _Context, s: int, e: int) -> float:
    """What the question already says (minus), where its words are (plus), asides (minus)."""
    score = -1.5 * _coverage(ctx, s, e) + 0.6 * _proximity(ctx, s, e) - 0.002 * s
    score += 0.3 if _adjacent(ctx, s, e) else 0.0
    return score - (0.3 if _aside(ctx, s, e) else 0.0)


# ---------------------------------------------------------------- named things and lists

_ORG_END = _words("公司 集团 大学 学院 研究院 研究所 实验室 研究中心 中心 联盟 银行 医院 协会 委员会 "
                  "基金会 孵化器 交易所 科技 股份 机构 学会 工作组 部 局 署 院 所")
_PLACE_END = _words("省 市 州 县 区 国 镇 岛 湾 洲")
_TITLE_END = _words("学报 期刊 杂志 报告 计划 项目 法案 战略 规划 倡议 政策 方案 工程 标准 白皮书 号 "
                    "行动 纲要 意见 通知")
# Kinds of organisation: asked for a company, a university is the wrong answer.
_ORG_KINDS = (_words("公司 集团 科技 股份 企业"), _words("大学 学院 研究院 研究所 科学院 实验室 中心"),
              _words("联盟 协会 学会 委员会 基金会"), ("医院",), ("银行",))
_CORE = re.compile(r"^(n|j|l|eng|vn|an|g|b|k|h|i|z|oov)")  # tags that make up a name
_INNER = re.compile(r"^(v|m|f|q|a|t)")  # tags allowed between two of those: 量子|计算|实验室
# Verbs that take a list or a name as their object: a name never runs across them.
_VERB_STOP = frozenset(_words(
    """有 是 为 在 包括 包含 涵盖 覆盖 拥有 建成 建设 成立 发布 推出 研制 开发 形成 设有 来自
    位于 进入 打造 成为 实现 推动 支持 参与 作为 由 被 将 把 对 向 从 与 和 及 等 具备 获得
    发起 负责 孵化 完成 达到 装机 使用 得到 举办 分为 分成 列入 属于 涉及 面向 针对 围绕
    通过 利用 采用 基于 以 致力于 旨在 开展 提供 提升 促进 加快 加强 推进 构建 组建 牵头 联合
    开设 上市 估计 创办 创建 设立 启动 发射 颁布 出台 宣布 表示 告诉 认为 指出 介绍 分别 汇集
    聚集 占 约 超过 达 增加 增长 减少 领头 带领 主导 选择 入选 称为 叫做 名为 包揽 诞生 图为 即"""
))
_COUNT_WORD = re.compile(r"^(?:[一二两三四五六七八九十几多数]+|\d+)(?:个|类|种|项|大|家|所|位|条|方面)$")
_LOCATIVE = frozenset(_words("在 于 位于 落户 来自 设在 坐落于 总部位于"))
_CONNECT = frozenset(_words("— - · & / '")) | {" "}
_SEPARATORS = frozenset("、")
_CONJ = frozenset(_words("和 及 与 以及 或 或者 跟 及其"))
_ENTITY_FLAGS = frozenset(_words("nt ns nr nrt nz eng nrfg oov"))
_QUOTED = re.compile(r"《[^《》]{1,40}》|“[^“”]{1,30}”|「[^「」]{1,30}」|『[^『』]{1,30}』|\"[^\"]{1,30}\"")
_LATIN_RUN = re.compile(
    r"(?<![A-Za-z0-9])[A-Z][A-Za-z0-9]*(?:[\-&.'][A-Za-z0-9]+)*"
    r"(?:\s(?:of|for|and|the|de|in|on)?\s?[A-Z0-9][A-Za-z0-9]*(?:[\-&.'][A-Za-z0-9]+)*)*"
)
# A bare category (城市, 公司) or one with only a determiner (所有成员) is never the answer.
_GENERIC = frozenset(_words(
    "产业 行业 企业 机构 组织 国家 地区 城市 公司 领域 方面 技术 产品 项目 中心 平台 全球 全国 "
    "世界 国内 国外 海外 欧洲 亚洲 美洲 全世界 各国 多地 多国"
))
_DETERMINERS = _words(
    "所有 全部 各类 各种 各 其他 其它 相关 主要 这些 那些 该 本 多个 多家 部分 一些 整个 全体 "
    "不同 成熟 知名 领先 新 大型 小型 重要"
)
_CATEGORY_ENDS = _words("单位 机构 企业 公司 组织 部门")
_WEIGHTS = {  # how strongly each piece of evidence says "this is the kind asked for"
    "org": {"nt": 1.0, "org_end": 1.0, "latin": 0.9, "before_title": 0.7, "ns": 0.3, "book": 0.3,
            "quote": 0.5, "enum": 0.5, "place_end": 0.2, "oov": 0.6},
    "place": {"ns": 1.0, "place_end": 0.9, "nt": 0.2, "latin": 0.3, "enum": 0.5, "quote": 0.2,
              "oov": 0.6},
    "title": {"book": 1.6, "quote": 1.3, "title_end": 0.8, "latin": 0.5, "nt": 0.3, "org_end": 0.2,
              "enum": 0.2, "oov": 0.4},
    "list": {"enum": 1.2, "nt": 0.3, "ns": 0.3, "latin": 0.3, "book": 0.4, "quote": 0.4,
             "title_end": 0.3, "org_end": 0.2},
}


@dataclass(frozen=True)
class _Chunk:
    """A noun phrase: a maximal run of name-like tokens, parenthesised glosses kept inside."""

    tokens: tuple[_Token, ...]
    head: _Token  # last token outside parentheses: it says what kind of thing this is
    before_title: bool  # 华翊量子|创始人: a phrase in front of a job title names an organisation

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


def _is_core(tok: _Token) -> bool:
    if tok.word in _TITLES or tok.word in _VERB_STOP:
        return False
    if tok.flag == "eng":
        return not tok.word.isdigit()
    return bool(_CORE.match(tok.flag)) and bool(_CJK.search(tok.word) or tok.word.isalnum())


def _is_inner(tok: _Token) -> bool:
    if tok.word in _VERB_STOP or tok.word in _TITLES:
        return False
    return bool(_INNER.match(tok.flag)) or tok.word in _CONNECT or tok.word.isdigit()


def _close_paren(tokens: list[_Token], i: int) -> int | None:
    """Index of the token closing the parenthesis opened at ``i``, if it holds a gloss.

    斯坦福国际研究院(SRI International) and 量子分解算法(Shor算法) keep their gloss;
    美国Quspin公司(成立于2012年) does not: a Chinese verb or comma makes it a remark.
    """
    depth = 0
    for j in range(i, min(len(tokens), i + 24)):
        tok = tokens[j]
        if tok.word in _OPEN:
            depth += 1
        elif tok.word in _CLOSE:
            depth -= 1
            if depth == 0:
                return j
        elif tok.start - tokens[i].start > 60:
            return None
        elif tok.flag[:1] in "vpu" and _CJK.search(tok.word):
            return None
        elif tok.word in ",,。;;、:" and _CJK.search("".join(t.word for t in tokens[i:j])):
            return None  # (Federally Funded …, FFRDC) is a gloss; (IBM Q Network, 2017 年成立) is not
    return None


def _chunks(tokens: list[_Token]) -> list[_Chunk]:
    out: list[_Chunk] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        listed = i > 0 and tokens[i - 1].word in _SEPARATORS and tok.flag.startswith("v") and _is_inner(tok)
        starts = _is_core(tok) or listed or (tok.flag[:1] in "fmat" and i + 1 < n and _is_core(tokens[i + 1]))
        if not starts or tok.word.isspace():
            i += 1
            continue
        run, head = [tok], tok if _is_core(tok) or listed else None
        j = i + 1
        while j < n:
            t = tokens[j]
            if _COUNT_WORD.match(t.word):
                break  # 基础科学|五个方向: a count opens the summary of a list
            if _is_core(t):
                run.append(t)
                head = t
                j += 1
            elif t.word in _OPEN and _is_core(run[-1]):
                close = _close_paren(tokens, j)
                if close is None:
                    break
                run.extend(tokens[j:close + 1])
                j = close + 1
            elif _is_inner(t) and j + 1 < n and _is_core(tokens[j + 1]):
                run.append(t)
                j += 1
            elif _is_inner(t) and t.flag.startswith("v") and j + 1 < n and tokens[j + 1].word in _SEPARATORS:
                run.append(t)  # 研发投入、基础设施: a verb-noun item ends at the separator
                head = t
                j += 1
            else:
                break
        if head is not None:
            out.append(_Chunk(tuple(run), head, j < n and tokens[j].word in _TITLES))
        i = j
    return out


def _enumerations(tokens: list[_Token], chunks: list[_Chunk]) -> list[list[_Chunk]]:
    """Chains of phrases joined by 、 or 和/及/与: 合肥、北京、深圳; 马里兰大学和杜克大学."""
    at = {t.start: k for k, t in enumerate(tokens)}
    chains: list[list[_Chunk]] = []
    current: list[_Chunk] = []
    seps: list[str] = []

    def close() -> None:
        if len(current) >= 2 and ("、" in seps or _alike(current)):
            chains.append(list(current))

    for chunk in chunks:
        if current:
            k = at.get(current[-1].end)
            linked = (
                k is not None and k + 1 < len(tokens)
                and (tokens[k].word in _SEPARATORS or tokens[k].word in _CONJ)
                and tokens[k + 1].start == chunk.start
            )
            if linked:
                current.append(chunk)
                seps.append(tokens[k].word)
                continue
            close()
        current, seps = [chunk], []
    close()
    return chains


def _alike(items: list[_Chunk]) -> bool:
    """Phrases joined only by 和 form a list when all are names or share their last word.

    马里兰大学和杜克大学 and 量子分解算法和量子搜索算法 are lists; 数量与质量 is not.
    """
    if all(any(t.flag in _ENTITY_FLAGS for t in c.tokens) for c in items):
        return True
    heads = {c.head.word for c in items}
    return len(heads) == 1 and len(next(iter(heads))) >= 2


def _ends(text: str, endings: tuple[str, ...]) -> bool:
    return bool(endings) and text.endswith(endings)


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    bare = set(ZH_HEAD_NOUNS) | _GENERIC
    return frozenset(bare | {d + w for d in _DETERMINERS for w in bare})


def _generic(text: str) -> bool:
    return text in _generic_words()


def _category(tok: _Token) -> bool:
    """事业单位, 公司, 机构: a common noun naming a kind of thing (清华大学 is a name)."""
    return _generic(tok.word) or (tok.flag == "n" and tok.word.endswith(_CATEGORY_ENDS))


def _other_org_kind(name: str, heads: tuple[str, ...]) -> bool:
    mine = next((g for g in _ORG_KINDS if _ends(name, g)), None)
    asked = next((g for g in _ORG_KINDS if any(h in g for h in heads)), None)
    return bool(mine and asked and mine is not asked)


def _evidence(text: str, chunk: _Chunk, upto: int | None = None) -> tuple[str, dict[str, bool]]:
    """(name, evidence) for the chunk's phrase ending at token ``upto`` (default: at its head)."""
    tokens = chunk.tokens if upto is None else chunk.tokens[:upto + 1]
    last = chunk.head if upto is None else tokens[-1]
    name = text[chunk.start:last.end]
    flags = {t.flag for t in tokens if not t.word.isspace()}
    modifiers = [t for t in tokens if t.end <= last.start]
    named = any(_CORE.match(t.flag) and not _generic(t.word) for t in modifiers) or last.flag in _ENTITY_FLAGS
    return name, {
        "nt": last.flag == "nt" or (upto is None and "nt" in flags),
        "ns": last.flag == "ns" or flags <= {"ns"},
        "org_end": _ends(name, _ORG_END) and named,
        "place_end": _ends(name, _PLACE_END) and (named or last.flag == "ns"),
        "title_end": _ends(name, _TITLE_END) and named,
        "before_title": chunk.before_title and upto is None,
        "oov": last.flag == "oov" and len(last.word) >= 2,
    }


def _phrase_score(ctx: _Context, s: int, e: int, evidence: dict[str, bool], items: int = 0,
                  name: str = "", groups: int = 0) -> float:
    """Fit to the asked kind and count, minus what the question already says, plus closeness to its words."""
    q = ctx.qtype
    weights = _WEIGHTS.get(q.kind, _WEIGHTS["list"])
    fits = sorted((w for key, w in weights.items() if evidence.get(key)), reverse=True)
    score = fits[0] + 0.15 * (len(fits) - 1) if fits else 0.0
    text = ctx.sentence[s:e]
    name = name or re.sub(r"[((][^()()]*[))]$", "", text).strip("《》“”「」『』\"")
    if _generic(name):
        score -= 1.5
    elif ctx.heads and (_ends(name, ctx.heads) or evidence.get("head_near")):
        score += 0.8
    if q.kind == "place" and evidence.get("after_locative"):
        score += 0.4  # 在纽交所上市, 位于合肥
    if ctx.heads and _other_org_kind(name, ctx.heads):
        score -= 0.6
    if items:
        if q.expects_count:
            score += 1.0 if q.expects_count in (items, groups) else -0.6
        else:
            score += 0.6 if q.plural or q.kind == "list" else -0.4
    elif (q.expects_count or 0) > 1:
        score -= 0.5
    cov = _coverage(ctx, s, e)
    score -= 1.5 if cov >= 0.99 else 0.7 * cov
    score += 0.6 * _proximity(ctx, s, e) + (0.3 if _adjacent(ctx, s, e) else 0.0)
    if _aside(ctx, s, e):
        score -= 0.4
    length = len(re.sub(r"[((][^()()]*[))]", "", text)) / max(1, items)
    return score - 0.03 * max(0.0, length - 14) - 0.002 * s


def _phrases(ctx: _Context) -> list[SpanCandidate]:
    text = ctx.sentence
    out: list[SpanCandidate] = []

    def add(s: int, e: int, evidence: dict[str, bool], items: int = 0, name: str = "", groups: int = 0) -> None:
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(SpanCandidate(s, e, text[s:e], _phrase_score(ctx, s, e, evidence, items, name, groups)))

    for m in _QUOTED.finditer(text):
        book = m.group().startswith("《")
        add(m.start(), m.end(), {"book": book, "quote": not book})
    for m in _LATIN_RUN.finditer(text):
        word = m.group().strip()
        if len(word) < 2 or word.isdigit():
            continue
        near = text[max(0, m.start() - 3):m.start()] + " " + text[m.end():m.end() + 3]
        head_near = any(h in near for h in ctx.heads if len(h) >= 2)  # 美国Quspin公司, "which company"
        add(m.start(), m.start() + len(word), {"latin": True, "head_near": head_near})
    if not _CJK.search(text):
        return out
    tokens = _tag(text)
    chunks = _chunks(tokens)
    at = {t.start: k for k, t in enumerate(tokens)}
    for chunk in chunks:
        name, evidence = _evidence(text, chunk)
        k = at[chunk.start]
        evidence["after_locative"] = k > 0 and tokens[k - 1].word in _LOCATIVE
        add(chunk.start, chunk.end, evidence, name=name)
        for k, tok in enumerate(chunk.tokens[:-1]):
            if tok.end > chunk.head.end or tok.word.isspace():
                continue
            sub, sub_evidence = _evidence(text, chunk, k)
            if any(sub_evidence.values()):
                add(chunk.start, tok.end, sub_evidence, name=sub)  # 北京量子信息科学研究院|院长…
            if k and (tok.flag == "ns" or tok.flag == "nt" and tok.word.endswith(_ORG_END)):
                add(tok.start, tok.end, {"nt": tok.flag == "nt", "ns": tok.flag == "ns"})  # 美国|马里兰大学
            if _category(tok) and tok.end < chunk.head.start:
                rest = _Chunk(chunk.tokens[k + 1:], chunk.head, chunk.before_title)
                name, evidence = _evidence(text, rest)
                add(rest.start, rest.end, evidence, name=name)  # 事业单位|中国信息通信研究院
    for chain in _enumerations(tokens, chunks):
        each = [_evidence(text, c)[1] for c in chain]
        evidence = {"enum": True}
        for key in ("ns", "nt", "org_end", "place_end"):
            evidence[key] = 2 * sum(ev[key] for ev in each) >= len(chain)
        # 管理团队及实习生: items joined by 和/及 inside a 、 list may count as one
        groups = text.count("、", chain[0].start, chain[-1].end) + 1
        add(chain[0].start, chain[-1].end, evidence, items=len(chain), groups=groups)
    return out
