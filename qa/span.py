"""Answer spans inside one sentence, found by what the question asks for.

With no generative model, the answer is shown by highlighting part of the
answering sentence. The question type (see ``qtype.py``) says what to look for:
a number with its unit (232只风险基金, 1.06亿英镑, 38 家大学, 十余家医院), a date
(2018 年, 2024—2034年), a name (总经理顾成建, Iordanis Kerenidis), a named thing
(《…》, “济南一号”, 斯坦福国际研究院(SRI International), QURECA) or a list joined by
、/和 (科罗拉多州、新墨西哥州和怀俄明州). Candidates are ranked by how well they fit
the type and by what the question does not already say: a span made of the
question's own words is rarely its answer, a span next to them often is.

Offsets are into ``sentence``; the caller maps them to the file.
Numbers and dates are found by regular expressions alone; names and lists need
part-of-speech tags, and jieba's tagger runs without its HMM there (about four
times faster, and its HMM guesses of unknown names are wrong as often as right).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from qa.qtype import ZH_HEAD_NOUNS, QuestionType


@dataclass(frozen=True)
class SpanCandidate:
    start: int  # into the sentence
    end: int
    text: str
    score: float


@lru_cache(maxsize=1)
def _jieba():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


# ---------------------------------------------------------------- shared context


@dataclass(frozen=True)
class _Context:
    sentence: str
    qtype: QuestionType
    hits: tuple[tuple[str, int, int], ...]  # occurrences of question terms: (term, start, end)
    numbers: frozenset[str]  # numbers the question already states
    inside: tuple[bool, ...]  # character is inside parentheses: an aside, rarely the answer
    heads: tuple[str, ...]  # Chinese endings the answer may carry (大学 for "which universities")


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_OPEN, _CLOSE = "((", "))"


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
    for term in terms:
        t = term.lower()
        if len(t) < 2 and not _CJK.match(t):
            continue
        if len(t) < 2:
            continue  # single characters (州, 国) match everywhere and say nothing
        i = low.find(t)
        while i >= 0:
            hits.append((t, i, i + len(t)))
            i = low.find(t, i + 1)
    return tuple(hits)


# English head nouns -> Chinese endings an answer of that kind carries.
_EN_HEADS = {
    "university": "大学 高校 学院", "college": "学院 大学", "school": "学校 学院 大学",
    "company": "公司 企业 集团 科技", "firm": "公司 企业", "startup": "初创企业 企业 公司",
    "enterprise": "企业 公司", "business": "企业 公司", "vendor": "公司 厂商", "manufacturer": "厂商 公司",
    "hub": "中心 枢纽", "centre": "中心", "center": "中心", "member": "成员 会员", "hospital": "医院",
    "fund": "基金", "state": "州", "city": "市 城市", "country": "国 国家", "province": "省",
    "lab": "实验室", "laboratory": "实验室", "institution": "机构 研究院 研究所 大学 实验室",
    "institute": "研究院 研究所", "organisation": "机构 组织 协会 联盟", "organization": "机构 组织 协会 联盟",
    "agency": "局 署 机构", "alliance": "联盟", "consortium": "联盟", "bank": "银行",
    "report": "报告", "plan": "计划 规划", "act": "法案 法", "law": "法 法案", "project": "项目 计划 工程",
    "programme": "计划 项目", "program": "计划 项目", "strategy": "战略", "initiative": "倡议 计划",
    "policy": "政策", "satellite": "卫星 号", "group": "组 小组 工作组", "line": "线 干线 线路",
    "product": "仪 器 产品 设备", "device": "仪 器 设备", "algorithm": "算法", "people": "人",
    "money": "元 美元 英镑 欧元 日元", "funding": "元 美元 英镑 欧元", "investment": "元 美元 英镑 欧元",
    "universities": "大学", "year": "年", "long": "年 月 天 周 小时", "old": "岁",
}
_ZH_HEAD_ENDINGS = ("公司", "大学", "中心", "成员", "医院", "基金", "机构", "实验室", "研究院", "报告", "项目",
                    "计划", "算法", "工作组", "城市", "国家", "企业")


def _heads(focus: str) -> tuple[str, ...]:
    """Endings to look for; the focus 量子公司 also accepts X量子, the usual short form of a firm's name."""
    if not focus:
        return ()
    if _CJK.search(focus):
        heads = [focus]
        for end in _ZH_HEAD_ENDINGS:
            if focus.endswith(end) and focus != end:
                heads.append(end)
                if end in ("公司", "企业"):
                    heads.append(focus[: -len(end)])
        if len(focus) > 2 and not any(h != focus for h in heads):
            heads.append(focus[-2:])
        return tuple(heads)
    word = focus.lower()
    for key in (word, word[:-1], word[:-3] + "y" if word.endswith("ies") else word):
        if key in _EN_HEADS:
            return tuple(_EN_HEADS[key].split())
    return ()


def _context(sentence: str, qtype: QuestionType, terms: Iterable[str]) -> _Context:
    terms = tuple(terms)
    numbers = frozenset(re.sub(r"[\s,%]", "", t) for t in terms if re.match(r"\d", t))
    words = [t for t in terms if not re.match(r"\d", t)]
    return _Context(sentence, qtype, _term_hits(sentence, words), numbers, _parens(sentence), _heads(qtype.focus))


def _coverage(ctx: _Context, s: int, e: int) -> float:
    """Share of the span's characters that the question already says."""
    covered = [False] * (e - s)
    for _, hs, he in ctx.hits:
        for i in range(max(hs, s), min(he, e)):
            covered[i - s] = True
    text = ctx.sentence[s:e]
    counted = [c for c, ch in zip(covered, text) if ch.isalnum()]
    return sum(counted) / len(counted) if counted else 0.0


def _proximity(ctx: _Context, s: int, e: int, reach: int = 30) -> float:
    """0..1: how close the question's words sit around the span (the answer sits among them)."""
    best: dict[str, float] = {}
    for term, hs, he in ctx.hits:
        if hs < e and he > s:
            continue
        gap = hs - e if hs >= e else s - he
        near = max(0.0, 1.0 - gap / reach)
        best[term] = max(best.get(term, 0.0), near)
    present = {t for t, _, _ in ctx.hits}
    return sum(best.values()) / len(present) if present else 0.0


def _aside(ctx: _Context, s: int, e: int) -> bool:
    return all(ctx.inside[s:e]) if e > s else False


# ---------------------------------------------------------------- numbers

_AR = r"\d+(?:[.,]\d+)*"
_ZHN = r"[零〇一二两三四五六七八九十百千万亿]+"
_MULT = r"(?:万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千)"
_CURRENCY = r"(?:美元|英镑|欧元|日元|港元|人民币|元)"
_MEASURE = (r"(?:个百分点|百分点|%|‰|倍|岁|个月|小时|分钟|秒|公里|千米|平方米|平方公里|米|厘米|毫米|纳米|吨|公斤|千克|"
            r"克|亩|量子比特|比特|qubits?|GW|MW|kW|km|nm|GB|TB)")
_CLASSIFIER = r"(?:人次|个|家|只|所|项|名|位|人|种|条|座|台|篇|次|份|部|支|款|件|颗|枚|架|辆|年|月|周|天|届|期|批|轮|组|套|处|间|本|例)"
_NUMBER = re.compile(
    rf"(?P<num>{_AR}(?:\s?{_MULT})?|(?:数|几|上|近|逾)?{_ZHN}(?:余|多|来)?)"
    rf"(?:\s?(?P<unit>{_CURRENCY}|{_MEASURE}|{_CLASSIFIER}))?"
)
_YEAR = re.compile(r"(?:19|20)\d\d$")
_SHARE = ("share", "占比", "比例", "比重", "份额", "百分比")
_NOUNISH = re.compile(r"^(n|vn|j|l|nz|nt|ns|ng|b)")


def _noun_after(ctx: _Context, end: int) -> int:
    """Where the counted noun after a classifier ends: 232只|风险基金, 38 家|大学."""
    text = ctx.sentence
    window = re.match(r"[^\s,,。;;、:()()“”\"]{0,10}", text[end:]).group()
    if not window:
        return end
    for head in sorted(ctx.heads, key=len, reverse=True):
        i = window.find(head)
        if 0 <= i <= 6:
            return end + i + len(head)
    stop = end
    for term, hs, he in sorted(ctx.hits, key=lambda h: h[1]):
        if hs == stop:
            stop = he
    if stop > end:
        return stop
    taken = 0
    for word, flag in _jieba().posseg.cut(window, HMM=False):
        if not _NOUNISH.match(flag) or taken + len(word) > 6:
            break
        taken += len(word)
    return end + taken


def _numbers(ctx: _Context) -> list[SpanCandidate]:
    text, focus = ctx.sentence, ctx.qtype.focus.lower()
    share = focus in _SHARE
    money = focus in ("money", "funding", "investment", "资金", "金额", "钱")
    out = []
    for m in _NUMBER.finditer(text):
        num, unit = m.group("num"), m.group("unit") or ""
        s, e = m.span()
        if e > s and text[e - 1].isspace():
            e -= 1
        before, after = text[max(0, s - 2):s], text[e:e + 1]
        if re.search(r"[A-Za-z\-.]$", before) or re.match(r"[A-Za-z\d]", after) and not unit:
            continue  # part of a name or code: QED-C, 5G, H2
        if before.endswith("[") or before.endswith("^"):
            continue  # a reference mark ^[14]
        digits = re.sub(r"[\s,]", "", num)
        if _YEAR.match(digits) and unit in ("", "年") and ctx.qtype.focus not in ("year", "年"):
            continue  # a year is a date, not a quantity
        arabic = num[0].isdigit()
        if not arabic and not unit:
            continue  # 统一, 之一, 万物: Chinese numerals count only with a classifier
        score = 1.0 + (0.6 if unit else 0.0) + (0.3 if re.search(_MULT, num) else 0.0)
        if unit and re.fullmatch(_CLASSIFIER, unit):
            e = _noun_after(ctx, e)
        tail = text[m.end():e]
        if ctx.heads and any(h in tail or unit.startswith(h) or unit.endswith(h) for h in ctx.heads):
            score += 0.9
        if share:
            score += 0.9 if unit in ("%", "‰", "个百分点", "百分点") else -0.3
        elif unit == "%" and ctx.heads:
            score -= 0.3
        if money:
            score += 0.9 if re.fullmatch(_CURRENCY, unit) else 0.0
        if digits in ctx.numbers:
            score -= 1.2
        if not arabic and num in ("一", "两") and unit in ("个", "种", "项", "份", "位", "名"):
            score -= 0.6  # 一个, 一种: an article more often than a count
        if text[max(0, s - 1):s] == "第":
            score -= 0.5
        if _aside(ctx, s, e):
            score -= 0.4
        score += 0.6 * _proximity(ctx, s, e) - 0.002 * s
        out.append(SpanCandidate(s, e, text[s:e], score))
    return out


# ---------------------------------------------------------------- dates

_DATES = (
    (re.compile(r"(?:19|20)\d\d\s*[—–\-~～至到]\s*(?:(?:19|20)\d\d\s*)?年?(?:19|20)?\d\d\s*年"), 1.4),
    (re.compile(r"(?:19|20)\d\d\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?(?:代)?"), 1.2),
    (re.compile(r"[〇零一二三四五六七八九]{4}年(?:[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?)?"), 1.2),
    (re.compile(r"(?<!\d)\d{1,2}\s*月\s*\d{1,2}\s*[日号]"), 1.0),
    (re.compile(r"(?<![\d.])(?:19|20)\d\d[-/.]\d{1,2}(?:[-/.]\d{1,2})?(?![\d.])"), 1.0),
    (re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d"), 1.2),
    (re.compile(r"(?<![\d.A-Za-z\-])(?:19|20)\d\d(?![\d.%A-Za-z])"), 0.6),
    (re.compile(r"(?:去年|今年|明年|前年|近日|日前|近期|目前)"), 0.2),
)


def _dates(ctx: _Context) -> list[SpanCandidate]:
    text = ctx.sentence
    taken: list[tuple[int, int]] = []
    out = []
    for pattern, base in _DATES:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and e > ts for ts, te in taken):
                continue  # a longer pattern already covers it
            taken.append((s, e))
            score = base + (0.4 if re.search(r"月", m.group()) else 0.0)
            years = re.findall(r"(?:19|20)\d\d", m.group())
            if years and all(y in ctx.numbers for y in years):
                score -= 1.2
            if _aside(ctx, s, e):
                score -= 0.5
            score += 0.5 * _proximity(ctx, s, e) - 0.002 * s
            out.append(SpanCandidate(s, e, text[s:e], score))
    return out


# ---------------------------------------------------------------- people

_TITLES = tuple(sorted(
    """联合创始人 创始人 创办人 总经理 副总经理 董事长 副董事长 执行董事 董事 院长 副院长 所长 副所长 主任 副主任 总裁
    副总裁 首席执行官 首席科学家 首席技术官 首席运营官 CEO CTO COO CFO 负责人 教授 研究员 副研究员 博士 主席 副主席 理事长
    秘书长 书记 部长 局长 总监 经理 院士 专家 科学家 合伙人 总工程师 校长 总编 主编 处长 司长 市长 省长 总统 总理 大使
    创始合伙人 发起人 联合发起人""".split(), key=len, reverse=True))
_TITLE_SET = frozenset(_TITLES)
_AFTER_NAME = re.compile(r"院士|教授|博士|先生|女士|研究员|老师|表示|告诉|指出|认为|介绍|透露|强调|坦言|说")
_BEFORE_NAME = re.compile("|".join(_TITLES))
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐"
    "易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管"
    "柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬"
    "边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝潘"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "司徒", "东方", "夏侯", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "令狐")
_NOT_NAME = frozenset("记者 公司 政府 企业 团队 成员 市场 产业 国家 项目 中心 全球 今年 方面 其中 同时 目前 我们 他们 此外".split())
_LATIN_NAME = re.compile(r"(?<![A-Za-z])[A-Z][a-z]+(?:[ \-][A-Z]\.?)?(?:[ \-][A-Z][a-z]+){1,2}(?![A-Za-z])")
_ORG_WORDS = frozenset(
    """quantum technology technologies centre center alliance network industry industries university institute lab
    laboratory laboratories research exchange international inc group company corporation association foundation
    consortium computing science sciences systems labs partners capital ventures national council program programme
    initiative innovation hub enterprise economic development consortium atlantic mid potomac
    origin elevate""".split()
)


def _is_name(word: str) -> bool:
    if not 2 <= len(word) <= 4 or not all(_CJK.match(c) for c in word) or word in _NOT_NAME:
        return False
    if word.startswith(_COMPOUND_SURNAMES):
        return len(word) >= 3
    return word[0] in _SURNAMES and len(word) <= 3


def _name_after(text: str, pos: int) -> tuple[int, int] | None:
    m = _LATIN_NAME.match(text, pos)
    if m:
        return m.span()
    words = _jieba().lcut(text[pos:pos + 6])
    if not words:
        return None
    first = words[0]
    if len(first) == 1 and len(words) > 1 and len(words[1]) <= 2:
        first += words[1]
    return (pos, pos + len(first)) if _is_name(first) else None


def _name_before(text: str, pos: int) -> tuple[int, int] | None:
    words = _jieba().lcut(text[max(0, pos - 6):pos])
    if not words:
        return None
    last = words[-1]
    if len(last) == 1 and len(words) > 1 and len(words[-2]) <= 2:
        last = words[-2] + last
    return (pos - len(last), pos) if _is_name(last) else None


def _people(ctx: _Context) -> list[SpanCandidate]:
    text = ctx.sentence
    found: dict[tuple[int, int], float] = {}
    for m in _BEFORE_NAME.finditer(text):
        pos = m.end()
        if text[pos:pos + 1] == "、":
            continue
        span = _name_after(text, pos)
        if span:
            asked = any(hs < m.end() and he > m.start() for _, hs, he in ctx.hits)
            found[span] = max(found.get(span, 0.0), 1.3 + (0.6 if asked else 0.0))
    for m in _AFTER_NAME.finditer(text):
        span = _name_before(text, m.start())
        if span:
            found[span] = max(found.get(span, 0.0), 1.1)
    for m in _LATIN_NAME.finditer(text):
        if not any(w.lower() in _ORG_WORDS for w in re.split(r"[ \-]", m.group())):
            found[m.span()] = max(found.get(m.span(), 0.0), 1.0)
    out = []
    for (s, e), base in found.items():
        score = base - 1.5 * _coverage(ctx, s, e) + 0.6 * _proximity(ctx, s, e) - 0.002 * s
        if _aside(ctx, s, e):
            score -= 0.3
        out.append(SpanCandidate(s, e, text[s:e], score))
    return out


# ---------------------------------------------------------------- named things and lists

_ORG_END = ("公司", "集团", "大学", "学院", "研究院", "研究所", "实验室", "研究中心", "中心", "联盟", "银行", "医院",
            "协会", "委员会", "基金会", "孵化器", "交易所", "科技", "股份", "机构", "学会", "工作组", "部", "局", "署",
            "院", "所")
_PLACE_END = ("省", "市", "州", "县", "区", "国", "镇", "岛", "湾", "洲")
_TITLE_END = ("报告", "计划", "项目", "法案", "战略", "规划", "倡议", "政策", "方案", "工程", "标准", "白皮书", "号",
              "行动", "纲要", "意见", "通知")
_COMPANY_WORDS = ("公司", "集团", "企业", "股份", "Inc", "Ltd")
_CORE = re.compile(r"^(n|j|l|eng|vn|an|g|b|k|h|i|z)")
_INNER = re.compile(r"^(v|m|f|q|a)")
_VERB_STOP = frozenset("有 是 为 在 包括 包含 涵盖 覆盖 拥有 建成 建设 成立 发布 推出 研制 开发 形成 设有 来自 位于 进入 "
                       "打造 成为 实现 推动 支持 参与 作为 由 被 将 把 对 向 从 与 和 及 等 具备 获得 发起 负责 孵化 "
                       "投资 完成 达到 装机 使用 得到 举办".split())
_CONNECT = frozenset("— - · & / ' ".split()) | {" "}
_SEPARATORS = frozenset("、")
_CONJ = frozenset("和 及 与 以及 或 或者 跟 及其".split())
_ENTITY_FLAGS = frozenset("nt ns nr nrt nz eng nrfg".split())
_QUOTED = re.compile(r"《[^《》]{1,40}》|“[^“”]{1,30}”|「[^「」]{1,30}」|『[^『』]{1,30}』|\"[^\"]{1,30}\"")
_LATIN_RUN = re.compile(
    r"(?<![A-Za-z0-9])[A-Z][A-Za-z0-9]*(?:[\-&.'][A-Za-z0-9]+)*"
    r"(?:\s(?:of|for|and|the|de|in|on)?\s?[A-Z0-9][A-Za-z0-9]*(?:[\-&.'][A-Za-z0-9]+)*)*"
)


@dataclass(frozen=True)
class _Token:
    word: str
    flag: str
    start: int
    end: int


@dataclass(frozen=True)
class _Chunk:
    """A noun phrase: a maximal run of noun-like tokens (with parenthesised glosses kept inside)."""

    tokens: tuple[_Token, ...]
    head: _Token  # last token outside parentheses: it says what kind of thing this is
    before_title: bool  # 华翊量子|创始人: a phrase in front of a job title names an organisation

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


def _tag(sentence: str) -> list[_Token]:
    out, pos = [], 0
    for word, flag in _jieba().posseg.cut(sentence, HMM=False):
        out.append(_Token(word, flag, pos, pos + len(word)))
        pos += len(word)
    return out


def _is_core(tok: _Token) -> bool:
    if tok.word in _TITLE_SET or tok.word in _VERB_STOP:
        return False
    if tok.flag == "eng":
        return not tok.word.isdigit()
    return bool(_CORE.match(tok.flag)) and bool(_CJK.search(tok.word) or tok.word.isalnum())


def _is_inner(tok: _Token) -> bool:
    if tok.word in _VERB_STOP or tok.word in _TITLE_SET:
        return False
    return bool(_INNER.match(tok.flag)) or tok.word in _CONNECT or tok.word.isdigit()


def _close_paren(tokens: list[_Token], i: int) -> int | None:
    """Index of the token closing the parenthesis opened at ``i``, if it holds a short gloss.

    斯坦福国际研究院(SRI International) and 量子分解算法(Shor算法) keep their gloss;
    美国Quspin公司(成立于2012年) does not: a verb or a comma makes it a remark.
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
        elif tok.word in ",,。;;、:" or tok.flag[:1] in "vpu" or tok.start - tokens[i].start > 40:
            return None
    return None


def _chunks(tokens: list[_Token]) -> list[_Chunk]:
    out: list[_Chunk] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        starts = _is_core(tok) or (tok.flag[:1] in "fmat" and i + 1 < n and _is_core(tokens[i + 1]))
        if not starts or tok.word.isspace():
            i += 1
            continue
        run, head = [tok], tok if _is_core(tok) else None
        j = i + 1
        while j < n:
            t = tokens[j]
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
            before_title = j < n and tokens[j].word in _TITLE_SET
            out.append(_Chunk(tuple(run), head, before_title))
        i = j
    return out


def _enumerations(tokens: list[_Token], chunks: list[_Chunk]) -> list[list[_Chunk]]:
    """Chains of phrases joined by 、 or 和/及/与: 合肥、北京、深圳; 马里兰大学和杜克大学."""
    after = {t.start: k for k, t in enumerate(tokens)}
    chains: list[list[_Chunk]] = []
    current: list[_Chunk] = []
    seps: list[str] = []

    def close() -> None:
        if len(current) >= 2 and ("、" in seps or _alike(current)):
            chains.append(list(current))

    for chunk in chunks:
        if current:
            k = after.get(current[-1].end)
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
    """Two phrases joined only by 和 form a list when both are names or share their last word."""
    if all(any(t.flag in _ENTITY_FLAGS for t in c.tokens) for c in items):
        return True
    heads = {c.head.word for c in items}
    return len(heads) == 1 and len(next(iter(heads))) >= 2


def _ends(text: str, endings: Iterable[str]) -> str:
    return next((x for x in endings if x and text.endswith(x)), "")


def _generic(text: str) -> bool:
    """城市, 公司, 成熟公司, 这家公司: the category itself, or the category with only an adjective."""
    return text in ZH_HEAD_NOUNS or text in _GENERIC


_GENERIC = frozenset("产业 行业 企业 机构 组织 国家 地区 城市 公司 领域 方面 技术 产品 项目 中心 平台 全球 全国 世界 "
                     "国内 国外 海外 欧洲 亚洲 美洲 全世界 各国 多地 多国".split())
_WEIGHTS = {
    "org": {"nt": 1.0, "org_end": 1.0, "latin": 0.9, "before_title": 0.7, "ns": 0.3, "book": 0.3, "quote": 0.5,
            "enum": 0.5, "place_end": 0.2},
    "place": {"ns": 1.0, "place_end": 0.9, "nt": 0.2, "latin": 0.3, "enum": 0.5, "quote": 0.2},
    "title": {"book": 1.6, "quote": 1.3, "title_end": 0.8, "latin": 0.5, "nt": 0.3, "org_end": 0.2, "enum": 0.2},
    "list": {"enum": 1.2, "nt": 0.3, "ns": 0.3, "latin": 0.3, "book": 0.4, "quote": 0.4, "title_end": 0.3,
             "org_end": 0.2},
}
_ORG_KINDS = (("公司", "集团", "科技", "股份", "企业"), ("大学", "学院", "研究院", "研究所", "科学院", "实验室", "中心"),
              ("联盟", "协会", "学会", "委员会", "基金会"), ("医院",), ("银行",))


def _other_org_kind(text: str, heads: tuple[str, ...]) -> bool:
    """The question asks for a company and this is a university (or the reverse)."""
    mine = next((g for g in _ORG_KINDS if _ends(text, g)), None)
    asked = next((g for g in _ORG_KINDS if any(h in g for h in heads)), None)
    return bool(mine and asked and mine is not asked)


def _entity_score(ctx: _Context, s: int, e: int, evidence: dict[str, bool], items: int = 0,
                  name: str = "") -> float:
    """Fit to the asked kind, minus what the question already says, plus closeness to its words."""
    q = ctx.qtype
    weights = _WEIGHTS.get(q.kind, _WEIGHTS["list"])
    fits = sorted((w for key, w in weights.items() if evidence.get(key)), reverse=True)
    score = (fits[0] + 0.15 * (len(fits) - 1)) if fits else 0.0
    text = ctx.sentence[s:e]
    name = name or re.sub(r"[((][^()()]*[))]$", "", text).strip("《》“”「」『』\"")
    if _generic(name):
        score -= 1.5
    if ctx.heads and (_ends(name, ctx.heads) or evidence.get("head_near")):
        score += 0.8
    if ctx.heads and _other_org_kind(name, ctx.heads):
        score -= 0.6
    if items:
        if q.expects_count:
            score += 1.0 if items == q.expects_count else -0.6
        elif q.plural or q.kind == "list":
            score += 0.6
        else:
            score -= 0.4
    elif q.expects_count and q.expects_count > 1:
        score -= 0.5
    cov = _coverage(ctx, s, e)
    score -= 1.5 if cov >= 0.99 else 0.7 * cov
    score += 0.6 * _proximity(ctx, s, e)
    if _aside(ctx, s, e):
        score -= 0.4
    return score - 0.03 * max(0, len(text) - 14) - 0.002 * s


def _chunk_evidence(text: str, chunk: _Chunk, upto: int | None = None) -> tuple[str, dict[str, bool]]:
    """(name, evidence) for the phrase ending at token ``upto`` (default: its head)."""
    tokens = chunk.tokens if upto is None else chunk.tokens[:upto + 1]
    last = chunk.head if upto is None else tokens[-1]
    name = text[chunk.start:last.end]
    flags = {t.flag for t in tokens if not t.word.isspace()}
    modifiers = [t for t in tokens if t.end <= last.start]
    named = any(_CORE.match(t.flag) and not _generic(t.word) for t in modifiers) or last.flag in _ENTITY_FLAGS
    return name, {
        "nt": last.flag == "nt" or (upto is None and "nt" in flags),
        "ns": last.flag == "ns" or flags <= {"ns"},
        "org_end": bool(_ends(name, _ORG_END)) and named,
        "place_end": bool(_ends(name, _PLACE_END)) and (named or last.flag == "ns"),
        "title_end": bool(_ends(name, _TITLE_END)) and named,
        "before_title": chunk.before_title and upto is None,
    }


def _entities(ctx: _Context) -> list[SpanCandidate]:
    text = ctx.sentence
    out: list[SpanCandidate] = []

    def add(s: int, e: int, evidence: dict[str, bool], items: int = 0, name: str = "") -> None:
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(SpanCandidate(s, e, text[s:e], _entity_score(ctx, s, e, evidence, items, name)))

    for m in _QUOTED.finditer(text):
        add(m.start(), m.end(), {"book": m.group().startswith("《"), "quote": not m.group().startswith("《")})
    for m in _LATIN_RUN.finditer(text):
        word = m.group().strip()
        if len(word) < 2 or word.isdigit():
            continue
        near = text[max(0, m.start() - 3):m.start()] + " " + text[m.end():m.end() + 3]
        add(m.start(), m.start() + len(word), {"latin": True, "head_near": bool(ctx.heads) and any(
            h in near for h in ctx.heads if len(h) >= 2)})
    if not _CJK.search(text):
        return out
    tokens = _tag(text)
    chunks = _chunks(tokens)
    for chunk in chunks:
        name, evidence = _chunk_evidence(text, chunk)
        add(chunk.start, chunk.end, evidence, name=name)
        for k, tok in enumerate(chunk.tokens[:-1]):
            if tok.end > chunk.head.end or tok.word.isspace():
                continue
            sub, sub_evidence = _chunk_evidence(text, chunk, k)
            if any(sub_evidence.values()):
                add(chunk.start, tok.end, sub_evidence, name=sub)
            if k and tok.flag in ("nt", "ns"):
                add(tok.start, tok.end, {"nt": tok.flag == "nt", "ns": tok.flag == "ns"})
    for chain in _enumerations(tokens, chunks):
        named = [_chunk_evidence(text, c)[1] for c in chain]
        half = (len(chain) + 1) // 2
        evidence = {"enum": True}
        for key in ("ns", "nt", "org_end", "place_end"):
            evidence[key] = sum(ev[key] for ev in named) >= half
        add(chain[0].start, chain[-1].end, evidence, items=len(chain))
    return out


# ---------------------------------------------------------------- entry point


def answer_spans(
    sentence: str, qtype: QuestionType, question_terms: Iterable[str] = frozenset()
) -> list[SpanCandidate]:
    """Candidate answer spans in ``sentence``, best first; empty when the type gives nothing to look for.

    ``question_terms`` are the question's Chinese tokens (or those of its
    translation): spans the question already spells out rank lower, spans
    surrounded by them higher.
    """
    if not sentence.strip() or qtype.kind == "other":
        return []
    ctx = _context(sentence, qtype, question_terms)
    if qtype.kind == "number":
        found = _numbers(ctx)
    elif qtype.kind == "date":
        found = _dates(ctx)
    elif qtype.kind == "person":
        found = _people(ctx)
    else:
        found = _entities(ctx)
    best: dict[tuple[int, int], SpanCandidate] = {}
    for cand in found:
        key = (cand.start, cand.end)
        if key not in best or cand.score > best[key].score:
            best[key] = SpanCandidate(cand.start, cand.end, cand.text, round(cand.score, 4))
    return sorted(best.values(), key=lambda c: (-c.score, c.start))
