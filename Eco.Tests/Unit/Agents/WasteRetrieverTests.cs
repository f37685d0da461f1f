using Eco.Agents.Answers;
using Eco.Agents.Intents;
using Eco.Agents.Text;
using Eco.Agents.Waste;
using Xunit.Abstractions;
using static Eco.Tests.Unit.Agents.GuideIds;

namespace Eco.Tests.Unit.Agents;

/// <summary>Retrieval quality, intent rules and offline answers of Eco.Agents, checked against everyday Korean phrasing.</summary>
public sealed class WasteRetrieverTests
{
    private static readonly WasteCatalog Catalog = WasteCatalog.LoadEmbedded();
    private static readonly WasteRetriever Retriever = new(Catalog);
    private static readonly KeywordIntentClassifier Classifier = new(Retriever);
    private static readonly LocalAnswerWriter Writer = new();

    private readonly ITestOutputHelper _output;

    public WasteRetrieverTests(ITestOutputHelper output) => _output = output;

    // Questions as people actually type them: particles, spacing, typos-free but casual.
    public static TheoryData<string, string> Questions => new()
    {
        // 무색 페트병
        { "생수병 라벨은 어떻게 해?", Pet },
        { "다 마신 페트병 어떻게 버려요", Pet },
        { "투명 페트병 분리배출 방법", Pet },
        { "콜라 페트병은 뚜껑 닫아서 버려?", Pet },
        { "음료수병 찌그러뜨려서 버려도 돼?", Pet },
        { "삼다수 같은 물병 버리는 법", Pet },
        { "무색 페트병 라벨 꼭 떼야 해?", Pet },
        { "주스 페트병 헹궈야 돼?", Pet },

        // 플라스틱류
        { "초록색 페트병은 어디에 버려?", Plastic },
        { "반찬통 플라스틱 분리수거", Plastic },
        { "배달 용기 씻어서 버리면 돼?", Plastic },
        { "테이크아웃 컵 어떻게 버려", Plastic },
        { "샴푸통은 어디로?", Plastic },
        { "요거트 통 버리기", Plastic },
        { "치약 다 쓴 거 어떻게 버려요", Plastic },
        { "세제 용기 분리배출", Plastic },
        { "플라스틱 뚜껑은 뭐로 버려?", Plastic },
        { "워셔액 통 버리는 법", Plastic },

        // 플라스틱이 아닌 것
        { "샴푸 펌프는 어떻게 버려?", General },
        { "멜라민 그릇 재활용 돼?", General },
        { "일회용 면도기 버리는 법", General },
        { "양념 묻은 배달용기", General },
        { "아이 장난감 버리려는데", General },
        { "CD 버리는 방법", General },

        // 종이
        { "택배 상자 어떻게 버려?", Paper },
        { "신문지 분리수거", Paper },
        { "다 본 잡지 버릴래", Paper },
        { "종이컵은 종이로 버려?", Paper },
        { "헌책 버리는 법", Paper },
        { "과자 상자 버려도 돼?", Paper },
        { "스프링 노트 어떻게 버려", Paper },
        { "지난 달력 버리기", Paper },

        // 종이가 아닌 것
        { "영수증은 종이로 버려?", General },
        { "택배 송장 떼서 어디에 버려", General },
        { "종이호일 재활용 돼?", General },
        { "코팅된 전단지", General },
        { "색종이 버리기", General },

        // 종이팩
        { "우유팩 어떻게 버려요?", PaperPack },
        { "두유팩은 종이팩이야?", PaperPack },
        { "멸균팩 분리배출", PaperPack },
        { "주스팩 헹궈서 버려?", PaperPack },
        { "우유곽 펼쳐야 돼?", PaperPack },

        // 비닐류
        { "과자 봉지 분리수거 어떻게 해", Vinyl },
        { "뽁뽁이 버리는 법", Vinyl },
        { "라면 봉지 비닐로 버려?", Vinyl },
        { "양파망은 어디에 버려요", Vinyl },
        { "택배 비닐 버리기", Vinyl },
        { "지퍼백 재활용 돼?", Vinyl },

        // 비닐이 아닌 것
        { "고무장갑 비닐이야?", General },
        { "돗자리 어떻게 버려", General },
        { "기름 묻은 비닐", General },

        // 스티로폼
        { "스티로폼 박스 버리는 법", Styrofoam },
        { "택배로 온 스티로폼 테이프 떼야 돼?", Styrofoam },
        { "과일 받침 스티로폼", Styrofoam },
        { "전자제품 포장 완충재", Styrofoam },

        // 유리병
        { "소주병 어떻게 버려요", Glass },
        { "맥주병 반납하면 돈 줘?", Glass },
        { "와인병 분리수거", Glass },
        { "잼 유리병 뚜껑은?", Glass },
        { "빈 병 어디에 버려", Glass },

        // 불연성
        { "깨진 유리병 어떻게 버려", NonCombustible },
        { "맥주병이 깨졌어요", NonCombustible },
        { "깨진 접시 버리는 법", NonCombustible },
        { "유리컵 깨졌는데", NonCombustible },
        { "거울 버리려면?", NonCombustible },
        { "도자기 그릇", NonCombustible },
        { "뚝배기 어디에 버려", NonCombustible },
        { "연탄재 처리", NonCombustible },
        { "내열유리 냄비", NonCombustible },
        { "머그컵 깨졌어", NonCombustible },
        { "벽돌 몇 장 버리려는데", NonCombustible },
        { "타일 조각", NonCombustible },

        // 금속류
        { "참치캔 어떻게 버려?", Metal },
        { "맥주 캔 버리는 법", Metal },
        { "부탄가스 다 쓴 거", Metal },
        { "살충제 스프레이 통", Metal },
        { "프라이팬 버리기", Metal },
        { "냄비 버리는 방법", Metal },
        { "철사 어디에 버려요", Metal },
        { "통조림 캔 헹궈야 해?", Metal },

        // 금속류가 아닌 것
        { "가위 버리는 법", General },
        { "부러진 우산", General },
        { "칼은 어떻게 버려요", General },
        { "스테이플러 재활용?", General },

        // 유해폐기물
        { "락카 스프레이 다 쓴 거", Hazardous },
        { "유통기한 지난 약 어떻게 버려", Hazardous },
        { "먹다 남은 감기약", Hazardous },
        { "페인트 남은 거 버리기", Hazardous },
        { "수은 온도계 깨졌어", Hazardous },
        { "농약병 버리는 법", Hazardous },
        { "물약은 어디에 버려요", Hazardous },

        // 전지
        { "다 쓴 건전지", Battery },
        { "보조배터리 버리는 곳", Battery },
        { "휴대폰 배터리만 따로 버리려면", Battery },
        { "시계 약 갈았는데 헌 건 어떻게 버려", Battery },
        { "충전지 분리배출", Battery },
        { "리튬 배터리", Battery },

        // 조명
        { "형광등 어떻게 버려?", Lighting },
        { "LED 전구 버리는 법", Lighting },
        { "다 쓴 전구 어디에", Lighting },
        { "삼파장 전구", Lighting },
        { "깨진 형광등", NonCombustible },
        { "LED 평판 조명", NonCombustible },

        // 전기전자제품
        { "냉장고 버리고 싶어", Electronics },
        { "고장난 선풍기", Electronics },
        { "안 쓰는 노트북", Electronics },
        { "헤어드라이기 버리기", Electronics },
        { "전자레인지 어떻게 버려", Electronics },
        { "오래된 휴대폰", Electronics },
        { "전기밥솥 고장", Electronics },

        // 의류
        { "헌 옷 어디에 버려", Clothing },
        { "안 입는 청바지", Clothing },
        { "운동화 버리는 법", Clothing },
        { "가방 재활용", Clothing },
        { "패딩 버리기", Clothing },

        // 의류수거함에 넣으면 안 되는 것
        { "베개 버리는 법", General },
        { "인형 어떻게 버려요", General },
        { "방석 버리기", General },
        { "이불은 의류수거함에 넣어도 돼?", Bulky },
        { "캐리어 버리려면", Bulky },
        { "장화 버리는 법", Bulky },

        // 대형폐기물
        { "소파 버리려면 얼마야", Bulky },
        { "침대 매트리스 버리는 법", Bulky },
        { "책상 버리기", Bulky },
        { "자전거 버리려고", Bulky },
        { "장롱 처분", Bulky },
        { "의자 어떻게 버려", Bulky },

        // 음식물
        { "귤껍질 음식물 쓰레기야?", Food },
        { "먹다 남은 음식", Food },
        { "수박 껍질 버리기", Food },
        { "상한 김치", Food },
        { "바나나 껍질은 음식물이야?", Food },

        // 음식물이 아닌 것
        { "치킨 먹고 남은 뼈", General },
        { "닭뼈는 음식물 쓰레기야?", General },
        { "조개껍데기 어디에 버려", General },
        { "달걀 껍데기 음식물이야?", General },
        { "복숭아 씨", General },
        { "티백 음식물로 버려?", General },
        { "커피 찌꺼기", General },
        { "양파 껍질은 음식물 아니야?", General },
        { "생선 가시", General },
        { "호두 껍데기", General },
        { "휴지 어디에 버려", General },
        { "물티슈 버리기", General },
        { "볼펜 다 쓴 거", General },

        // 공사장 생활폐기물
        { "인테리어 공사하고 나온 폐타일", Construction },
        { "리모델링하고 남은 폐목재", Construction },
        { "도배하고 남은 벽지", Construction },
        { "공사장 폐기물 버리는 법", Construction },
        { "택배에 들어 있던 종이 완충재", Paper },
        { "아이스 아메리카노 컵", Plastic },

        // A second round of casual phrasings (short fragments, colloquial endings, spacing variants).
        { "2리터 생수 다 먹었는데 병은?", Pet },
        { "택배 박스에 붙은 테이프", Paper },
        { "신발 한 켤레", Clothing },
        { "소주 빈병 보증금", Glass },
        { "헌 이불 버리려는데", Bulky },
        { "안 쓰는 프린터", Electronics },
        { "모니터 버리는 방법", Electronics },
        { "청소기 고장났어", Electronics },
        { "건전지 어디에 버려", Battery },
        { "우산 살 부러졌어", General },
        { "헌 책가방", Clothing },
        { "플라스틱 바구니", Plastic },
        { "음식물 쓰레기에 닭 뼈 넣어도 돼?", General },
        { "족발 뼈", General },
        { "망고 씨앗", General },
        { "양파 껍질 음식물 맞아?", General },
        { "마늘 껍질", General },
        { "옥수수 껍질", General },
        { "귤 껍질", Food },
        { "참외 껍질", Food },
        { "녹차 티백", General },
        { "원두 찌꺼기", General },
        { "한약 찌꺼기", General },
        { "생선 뼈", General },
        { "전복 껍데기", General },
        { "굴 껍데기", General },
        { "유리컵 버리는 법", NonCombustible },
        { "깨진 소주병", NonCombustible },
        { "거울 깨졌어", NonCombustible },
        { "형광등 깨졌어", NonCombustible },
        { "LED 등 교체했는데 헌 거", Lighting },
        { "수은 체온계", Hazardous },
        { "먹다 남은 약 버리는 곳", Hazardous },
        { "안약 유통기한 지남", Hazardous },
        { "본드 다 쓴 거", Hazardous },
        { "부탄가스 구멍 뚫어야 돼?", Metal },
        { "스팸 캔", Metal },
        { "알루미늄 캔 찌그러뜨려?", Metal },
        { "후라이팬 코팅 벗겨진 거", Metal },
        { "공구 버리기", Metal },
        { "비닐봉지 모아서 버리기", Vinyl },
        { "에어캡", Vinyl },
        { "랩 버리기", Vinyl },
        { "과자봉지 은박 있는 것도 비닐?", Vinyl },
        { "돗자리 찢어졌어", General },
        { "우유팩 빨대", PaperPack },
        { "두유 팩 헹구기", PaperPack },
        { "종이 쇼핑백", Paper },
        { "신문 모아서 버리기", Paper },
        { "A4 용지 버리기", Paper },
        { "택배 송장 개인정보", General },
        { "매트리스 처리 비용", Bulky },
        { "책장 버리기", Bulky },
        { "전기장판 고장", Bulky },
        { "유모차 버리기", Bulky },
        { "캐리어 바퀴 부러짐", Bulky },
        { "변기 교체", Bulky },
        { "싱크대 버리기", Bulky },
        { "벽지 뜯은 거", Construction },
        { "타일 깨진 거", NonCombustible },
        { "수박 먹고 남은 껍질", Food },
        { "페트병 뚜껑이랑 라벨", Pet },
        { "약통은 어떻게 버려", Plastic },
        { "노트북 배터리 부풀었어", Battery },
        { "휴대폰 충전기", Electronics },
        { "쇼파 버리는 비용", Bulky },
        { "물 다 마신 pet병", Pet },
        { "패트병 라벨 안 떼면 어떻게 돼?", Pet },
        { "편의점 음료수 페트병", Pet },
        { "갈색 맥주 페트병", Plastic },
        { "샴푸 다 쓴 통 어떻게 해요", Plastic },
        { "세제통 뚜껑", Plastic },
        { "요구르트병 버리기", Plastic },
        { "도시락 용기 씻었어", Plastic },
        { "배달음식 용기 기름때", General },
        { "치킨 박스", Paper },
        { "책 버리는 법", Paper },
        { "공책이랑 교과서", Paper },
        { "쇼핑백 종이로 된 거", Paper },
        { "카드 영수증", General },
        { "우유갑 헹궈서 말려야 해?", PaperPack },
        { "소주팩", PaperPack },
        { "비닐 랩", Vinyl },
        { "과자 포장지 비닐", Vinyl },
        { "택배 올 때 들어있는 에어캡", Vinyl },
        { "스티로폼 상자 테이프", Styrofoam },
        { "컵라면 용기 스티로폼", Styrofoam },
        { "와인 병", Glass },
        { "양주병 버리기", Glass },
        { "드링크 병", Glass },
        { "소주병 깨졌어", NonCombustible },
        { "깨진 창문 유리", NonCombustible },
        { "접시 버리는 법", NonCombustible },
        { "사기 그릇", NonCombustible },
        { "참치 캔", Metal },
        { "콜라캔 찌그러뜨려야돼?", Metal },
        { "헤어스프레이 통", Metal },
        { "냄비 뚜껑", Metal },
        { "스텐 그릇", Metal },
        { "못 쓰는 칼", General },
        { "커터칼 날", General },
        { "페인트 통", Hazardous },
        { "약 어디다 버려", Hazardous },
        { "알약 버리는 방법", Hazardous },
        { "시럽 약", Hazardous },
        { "폐의약품", Hazardous },
        { "AA 건전지", Battery },
        { "폰 배터리", Battery },
        { "보조 배터리 부풀었어", Battery },
        { "전구 갈았어", Lighting },
        { "형광등 긴거", Lighting },
        { "LED 형광등", Lighting },
        { "고장난 전자레인지", Electronics },
        { "핸드폰 버리기", Electronics },
        { "에어컨 실외기", Electronics },
        { "드라이기 고장", Electronics },
        { "이어폰 버리기", Electronics },
        { "안입는 옷", Clothing },
        { "구두 버리기", Clothing },
        { "양말 짝 잃어버림", Clothing },
        { "쿠션 버리기", General },
        { "곰인형", General },
        { "이불 버리는 방법", Bulky },
        { "침대 버리기", Bulky },
        { "매트리스 버리는데 얼마", Bulky },
        { "옷장 처분", Bulky },
        { "식탁 의자", Bulky },
        { "귤 껍질 말려서 버려야돼?", Food },
        { "남은 밥", Food },
        { "김치 국물", Food },
        { "과일 껍질", Food },
        { "사과 껍질", Food },
        { "바나나껍질", Food },
        { "뼈다귀 음식물 쓰레기?", General },
        { "생선 뼈 음식물에 넣어?", General },
        { "계란 껍질", General },
        { "호두 껍질", General },
        { "땅콩 껍질", General },
        { "밤 껍질", General },
        { "티백", General },
        { "커피 가루", General },
        { "파 뿌리", General },
        { "복숭아 씨앗", General },
        { "조개", General },
        { "나무젓가락", General },
        { "이쑤시개", General },
        { "연필", General },
        { "고무장갑 찢어짐", General },
        { "방수포", General },
        { "폐타일 인테리어", Construction },
        { "리모델링 쓰레기", Construction },
        { "벽돌", NonCombustible },
        { "연탄", NonCombustible },
        { "수석 돌", NonCombustible },
    };

    // Honest phrasings the dataset does not cover yet (brand names instead of item names).
    // They count against top-1 accuracy; the retriever must stay silent on them rather than guess.
    public static TheoryData<string, string> KnownGaps => new()
    {
        { "다 먹은 요플레 통", Plastic },
        { "햇반 용기 버리기", Plastic },
    };

    public static TheoryData<string, Intent> PrimaryIntents => new()
    {
        { "이 페트병 어떻게 분리해? 근처 수거함도 알려줘", Intent.Waste },
        { "소파 버리려면 얼마야", Intent.BulkWaste },
        { "고철 kg당 얼마", Intent.RecyclablePrice },
        { "근처 재활용센터", Intent.Location },
        { "오늘 날씨", Intent.Weather },
        { "그려줘", Intent.ImageGeneration },
        { "최신 정책 뉴스 검색", Intent.WebSearch },
        { "페티는 누구야?", Intent.Character },
        { "캐릭터 보여줘", Intent.Character },
        { "안녕하세요!", Intent.General },
        { "참치캔", Intent.Waste },
        { "닭뼈", Intent.Waste },
        { "폐지 시세 알려줘", Intent.RecyclablePrice },
        { "건전지 수거함 어디 있어?", Intent.CollectionPoint },
        { "대형폐기물 스티커 어디서 사?", Intent.BulkWaste },
        { "냉장고 버리는데 수수료 얼마야?", Intent.BulkWaste },
        { "미세먼지 어때?", Intent.Weather },
        { "비니 모자 버리고 싶어", Intent.Waste },
        { "페트병 팔면 얼마 받아?", Intent.RecyclablePrice },
        { "제로웨이스트 샵 어디 있어?", Intent.Location },
        { "스티로폼이 너무 많은데 어떻게 버려?", Intent.Waste },
        { "플라스틱 어떻게 버려?", Intent.Waste },
        { "뭐라고?", Intent.General },
        { "고마워 이코", Intent.General },
        { "택배 상자 팔 수 있어?", Intent.RecyclablePrice },
        { "의류수거함 위치 알려줘", Intent.CollectionPoint },
        { "메탈리는 어떻게 얻어?", Intent.Character },
        { "코튼 티셔츠 버리기", Intent.Waste },
        { "플라스틱 재활용 관련 최근 뉴스 있어?", Intent.WebSearch },
        { "우리 동네 대형폐기물 신청하려면 어떻게 해?", Intent.BulkWaste },
        { "내일 비 와?", Intent.Weather },
    };

    [Theory]
    [MemberData(nameof(Questions))]
    public void Search_TablePhrase_ExpectedGuideInTopThree(string question, string expectedGuideId)
    {
        var matches = Retriever.Search(question);

        Assert.Contains(matches, m => m.GuideId == expectedGuideId);
    }

    [Fact]
    public void Search_WholeTable_TopOneAccuracyAtLeast95Percent()
    {
        var cases = Questions.Concat(KnownGaps).Select(row => ((string)row[0], (string)row[1])).ToArray();
        var (accuracy, misses) = TopOneAccuracy.Measure(Retriever, cases);
        foreach (var miss in misses)
        {
            _output.WriteLine(miss);
        }
        _output.WriteLine($"top-1 accuracy: {accuracy:P1} ({cases.Length - misses.Count}/{cases.Length})");

        Assert.True(cases.Length >= 100, $"table has only {cases.Length} rows");
        Assert.True(accuracy >= 0.95, $"top-1 accuracy {accuracy:P1} is below 95%");
    }

    [Theory]
    [MemberData(nameof(KnownGaps))]
    public void Search_KnownGap_ReturnsNothingOrTheRightGuide(string question, string expectedGuideId)
    {
        var top = Retriever.Search(question).FirstOrDefault();

        Assert.True(top is null || top.GuideId == expectedGuideId, $"guessed {top?.GuideId} for '{question}'");
    }

    [Fact]
    public void Search_LongerTermContainsShorter_LongestMatchWins()
    {
        var matches = Retriever.Search("깨진 유리병");

        Assert.Equal(NonCombustible, matches[0].GuideId);
        Assert.DoesNotContain(matches, m => m.GuideId == Glass && m.Score >= matches[0].Score);
    }

    // Every item name of two or more syllables that is made of other dataset words ("유리컵" = "유리" + "컵").
    public static TheoryData<string, string> CompoundNames
    {
        get
        {
            var parts = Catalog.Guides
                .SelectMany(g => g.Items.Concat(g.Aliases).Concat(g.Keywords).Concat(g.NotAccepted.SelectMany(n => n.MatchTerms)))
                .Select(KoreanText.Normalize)
                .ToHashSet(StringComparer.Ordinal);
            var data = new TheoryData<string, string>();
            foreach (var guide in Catalog.Guides)
            {
                foreach (var name in guide.Items.Concat(guide.Aliases))
                {
                    var key = KoreanText.Normalize(name);
                    if (Enumerable.Range(1, Math.Max(0, key.Length - 1)).Any(i => parts.Contains(key[..i]) && parts.Contains(key[i..])))
                    {
                        data.Add(name, guide.Id);
                    }
                }
            }

            return data;
        }
    }

    // A compound preceded by a longer dataset word ending in its first part: "깨진 유리" + "유리컵" → "깨진 유리컵".
    public static TheoryData<string, string> CrossingCompounds
    {
        get
        {
            var words = Catalog.Guides
                .SelectMany(g => g.Items.Concat(g.Aliases).Concat(g.Keywords).Concat(g.NotAccepted.SelectMany(n => n.MatchTerms)))
                .Select(KoreanText.Normalize)
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            var data = new TheoryData<string, string>();
            foreach (var row in CompoundNames)
            {
                var (name, key) = ((string)row[0], KoreanText.Normalize((string)row[0]));
                foreach (var word in words)
                {
                    for (var split = 1; split < key.Length; split++)
                    {
                        var head = key[..split];
                        if (word.Length > head.Length && word.EndsWith(head, StringComparison.Ordinal) && words.Contains(key[split..]))
                        {
                            data.Add(word[..^head.Length] + key, name);
                        }
                    }
                }
            }

            return data;
        }
    }

    [Fact]
    public void CompoundNames_Dataset_CoverTheIssueExamples()
    {
        var names = CompoundNames.Select(row => (string)row[0]).ToArray();

        Assert.True(names.Length >= 30, $"only {names.Length} compound names");
        Assert.Contains("유리컵", names);
        Assert.Contains("종이컵", names);
        Assert.Contains(CrossingCompounds, row => (string)row[0] == "깨진유리컵");
    }

    [Theory]
    [MemberData(nameof(CompoundNames))]
    public void Search_CompoundItemName_WholeNameWins(string name, string guideId)
    {
        foreach (var message in new[] { name, $"{name} 어떻게 버려요?" })
        {
            var top = Retriever.Search(message)[0];

            Assert.Equal(guideId, top.GuideId);
            Assert.Equal(KoreanText.Normalize(name), KoreanText.Normalize(top.MatchedTerms[0]));
        }
    }

    [Theory]
    [MemberData(nameof(CrossingCompounds))]
    public void Search_CompoundAfterWordEndingInItsFirstPart_CompoundIsRead(string message, string compound)
    {
        var matches = Retriever.Search(message, 5);

        Assert.Contains(matches, m => m.MatchedTerms.Any(t => KoreanText.Normalize(t) == KoreanText.Normalize(compound)));
    }

    [Fact]
    public void Write_BrokenGlassCup_IsOneGlassCupWithNoPlasticCup()
    {
        const string message = "깨진 유리컵은 어디에 버려요?";
        var answer = Writer.Write(message, Classifier.Classify(message), Retriever.Search(message), Catalog);

        Assert.StartsWith("유리컵은 불연성 종량제 마대로 버려요.", answer);
        Assert.DoesNotContain("함께 물어보신", answer);
        Assert.DoesNotContain("플라스틱류", answer);
    }

    [Fact]
    public void Search_ItemNotAcceptedInOneGuide_RanksAcceptingGuideFirst()
    {
        var matches = Retriever.Search("유색 페트병");

        Assert.Equal(Plastic, matches[0].GuideId);
        Assert.DoesNotContain(matches, m => m.GuideId == Pet && m.Score >= matches[0].Score);
    }

    [Fact]
    public void Search_ItemAndCategoryWord_PrefersItem()
    {
        var matches = Retriever.Search("영수증도 종이니까 종이로 버리면 돼?");

        Assert.Equal(General, matches[0].GuideId);
    }

    [Fact]
    public void Search_CategoryWordOnly_ScoresBelowItemLevel()
    {
        var matches = Retriever.Search("플라스틱");

        Assert.Equal(Plastic, matches[0].GuideId);
        Assert.True(matches[0].Score < 0.5);
        Assert.True(Retriever.Search("반찬통")[0].Score >= 0.55);
    }

    [Fact]
    public void Search_SpacingAndCase_AreIgnored()
    {
        var spaced = Retriever.Search("L E D 전 구");
        var compact = Retriever.Search("led전구");

        Assert.Equal(compact, spaced, (a, b) => a.GuideId == b.GuideId && a.Score == b.Score);
        Assert.Equal(Lighting, compact[0].GuideId);
    }

    [Fact]
    public void Search_SameMessageTwice_ReturnsSameRanking()
    {
        var first = Retriever.Search("캔이랑 페트병이랑 비닐 같이 버려도 돼?", 5);
        var second = new WasteRetriever(Catalog).Search("캔이랑 페트병이랑 비닐 같이 버려도 돼?", 5);

        Assert.Equal(first.Select(m => (m.GuideId, m.Score)), second.Select(m => (m.GuideId, m.Score)));
        Assert.All(first, m => Assert.InRange(m.Score, 0.0, 1.0));
    }

    [Fact]
    public void Search_UnknownWordsOnly_ReturnsEmpty()
    {
        Assert.Empty(Retriever.Search("우주선 잔해는 어떻게 해"));
        Assert.Empty(Retriever.Search("   "));
        Assert.Empty(Retriever.Search("최신 정책 뉴스 검색"));
    }

    [Fact]
    public void Search_Limit_CapsResultCount()
    {
        var matches = Retriever.Search("캔 페트병 비닐 종이팩 건전지", 2);

        Assert.Equal(2, matches.Count);
    }

    [Fact]
    public void LoadEmbedded_Dataset_HasEighteenConsistentGuides()
    {
        var ids = Catalog.Guides.Select(g => g.Id).ToArray();

        Assert.Equal(18, ids.Length);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(12, Catalog.Guides.Count(g => g.SubCategory is not null));
        Assert.All(Catalog.Guides, g => Assert.InRange(g.Steps.Count, 3, 8));
        Assert.All(
            Catalog.Guides.SelectMany(g => g.NotAccepted).Where(n => n.GuideId is not null),
            n => Assert.NotNull(Catalog.Find(n.GuideId!)));
        Assert.Same(Catalog, WasteCatalog.LoadEmbedded());
    }

    [Fact]
    public void LoadEmbedded_AcceptedTerms_BelongToOneGuideOnly()
    {
        // An item or alias claimed by two guides would be settled by the id tie-break, i.e. by accident.
        var owners = Catalog.Guides
            .SelectMany(g => g.Items.Concat(g.Aliases).Select(t => (Term: KoreanText.Normalize(t), g.Id)))
            .Distinct()
            .GroupBy(x => x.Term)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(x => x.Id))}")
            .ToArray();

        Assert.Empty(owners);
    }

    [Fact]
    public void Find_UnknownId_ReturnsNull()
    {
        Assert.Null(Catalog.Find("no-such-guide"));
        Assert.Equal("무색 페트병", Catalog.Find(Pet)!.Title);
    }

    [Theory]
    [MemberData(nameof(PrimaryIntents))]
    public void Classify_KoreanMessage_ReturnsExpectedPrimaryIntent(string message, Intent expected)
    {
        var result = Classifier.Classify(message);

        Assert.Equal(expected, result.Primary);
        Assert.InRange(result.Confidence, 0.0, 1.0);
        Assert.DoesNotContain(result.Primary, result.Additional);
    }

    [Fact]
    public void Classify_WasteAndBinQuestion_ReturnsBothIntents()
    {
        var result = Classifier.Classify("이 페트병 어떻게 분리해? 근처 수거함도 알려줘");

        Assert.Equal(Intent.Waste, result.Primary);
        Assert.Equal([Intent.CollectionPoint], result.Additional);
    }

    [Fact]
    public void Classify_BulkyFeeQuestion_IsNotRecyclablePrice()
    {
        var result = Classifier.Classify("소파 버리려면 얼마야");

        Assert.Equal(Intent.BulkWaste, result.Primary);
        Assert.DoesNotContain(Intent.RecyclablePrice, result.Additional);
    }

    [Fact]
    public void Classify_ScrapPrice_DoesNotAddWaste()
    {
        var result = Classifier.Classify("고철 kg당 얼마");

        Assert.Equal(Intent.RecyclablePrice, result.Primary);
        Assert.Empty(result.Additional);
    }

    [Theory]
    [InlineData("페트랑 캔 중 뭐가 더 비싸?")]
    [InlineData("신문지랑 골판지 어느 게 더 비싸요")]
    public void Classify_PriceComparison_IsRecyclablePriceOnly(string message)
    {
        var result = Classifier.Classify(message);

        Assert.Equal(Intent.RecyclablePrice, result.Primary);
        Assert.Empty(result.Additional);
    }

    [Theory]
    [InlineData("소파 버리는 법이랑 수수료 알려줘 강남구")]
    [InlineData("책상 어떻게 버려? 비용도 궁금해")]
    [InlineData("대형폐기물 배출 방법이랑 수수료")]
    public void Classify_FeeAndDisposalQuestion_ReturnsBulkWasteAndWaste(string message)
    {
        var result = Classifier.Classify(message);

        Assert.Equal(Intent.BulkWaste, result.Primary);
        Assert.Contains(Intent.Waste, result.Additional);
    }

    [Fact]
    public void Classify_FeeOnlyQuestion_DoesNotAddWaste()
    {
        Assert.DoesNotContain(Intent.Waste, Classifier.Classify("소파 버리려면 수수료 얼마야").Additional);
    }

    [Fact]
    public void Classify_RecyclingCentre_IsLocationOnly()
    {
        var result = Classifier.Classify("근처 재활용센터");

        Assert.Equal(Intent.Location, result.Primary);
        Assert.Empty(result.Additional);
    }

    [Fact]
    public void Classify_DrawMascot_ReturnsImageThenCharacter()
    {
        var result = Classifier.Classify("이코 그려줘");

        Assert.Equal(Intent.ImageGeneration, result.Primary);
        Assert.Contains(Intent.Character, result.Additional);
    }

    [Fact]
    public void Classify_DisposalAndWeather_ReturnsBothInMessageOrder()
    {
        var result = Classifier.Classify("스티로폼 버리는 법이랑 오늘 날씨도 알려줘");

        Assert.Equal(Intent.Waste, result.Primary);
        Assert.Contains(Intent.Weather, result.Additional);
    }

    [Fact]
    public void Classify_StyrofoamEndingInCharacterName_IsNotCharacter()
    {
        var result = Classifier.Classify("스티로폼이 많아요");

        Assert.Equal(Intent.Waste, result.Primary);
        Assert.DoesNotContain(Intent.Character, result.Additional);
    }

    [Fact]
    public void Write_KnownItem_ContainsTitleAndAllSteps()
    {
        const string message = "생수병 라벨은 어떻게 해?";
        var matches = Retriever.Search(message);
        var answer = Writer.Write(message, Classifier.Classify(message), matches, Catalog);
        var guide = Catalog.Find(Pet)!;

        Assert.Contains("무색 페트병으로 버려요", answer);
        for (var i = 0; i < guide.Steps.Count; i++)
        {
            Assert.Contains($"{i + 1}. {guide.Steps[i]}", answer);
        }

        Assert.Contains("색깔 있는 페트병: 플라스틱류로 버려요.", answer);
        _output.WriteLine(answer);
    }

    [Fact]
    public void Write_FoodException_ExplainsItIsNotFoodWaste()
    {
        const string message = "닭뼈는 음식물 쓰레기야?";
        var answer = Writer.Write(message, Classifier.Classify(message), Retriever.Search(message), Catalog);

        Assert.Contains("일반 종량제봉투로 버려요", answer);
        Assert.Contains("음식물류 폐기물에는 넣으면 안 돼요", answer);
        _output.WriteLine(answer);
    }

    [Fact]
    public void Write_BrokenBottle_UsesSituationNote()
    {
        const string message = "맥주병이 깨졌어요";
        var answer = Writer.Write(message, Classifier.Classify(message), Retriever.Search(message), Catalog);

        Assert.StartsWith("깨진 유리병은 불연성 종량제 마대로 버려요.", answer);
        Assert.Contains("신문지", answer);
    }

    [Fact]
    public void Write_UnknownItem_SaysItDoesNotKnowAndGivesNoSteps()
    {
        const string message = "우주선 잔해는 어떻게 버려?";
        var answer = Writer.Write(message, Classifier.Classify(message), Retriever.Search(message), Catalog);

        Assert.Contains("모르", answer);
        Assert.DoesNotContain("1. ", answer);
        _output.WriteLine(answer);
    }

    [Fact]
    public void Write_WasteAndCollectionPoint_AnswersGuideAndAdmitsMissingBinSearch()
    {
        const string message = "이 페트병 어떻게 분리해? 근처 수거함도 알려줘";
        var answer = Writer.Write(message, Classifier.Classify(message), Retriever.Search(message), Catalog);

        Assert.Contains("1. ", answer);
        Assert.Contains("수거함 위치 찾기는 아직 준비 중", answer);
    }

    [Theory]
    [InlineData("오늘 날씨", "날씨")]
    [InlineData("이코 그려줘", "그림")]
    [InlineData("고철 kg당 얼마", "시세")]
    [InlineData("최신 정책 뉴스 검색", "검색")]
    public void Write_OfflineUnsupportedIntent_SaysNotReadyWithoutSteps(string message, string topic)
    {
        var answer = Writer.Write(message, Classifier.Classify(message), Retriever.Search(message), Catalog);

        Assert.Contains(topic, answer);
        Assert.Contains("아직", answer);
        Assert.DoesNotContain("1. ", answer);
    }

    [Fact]
    public void Write_BulkyFee_GivesStickerStepsAndAdmitsUnknownFee()
    {
        const string message = "소파 버리려면 얼마야";
        var answer = Writer.Write(message, Classifier.Classify(message), Retriever.Search(message), Catalog);

        Assert.Contains("대형폐기물로 버려요", answer);
        Assert.Contains("스티커", answer);
        Assert.Contains("지역별 수수료 금액", answer);
        Assert.Contains("아직", answer);
    }

    [Theory]
    [InlineData("책상 버리려고 해", "책상은 대형폐기물로 버려요.")]
    [InlineData("의자 어떻게 버려?", "의자는 대형폐기물로 버려요.")]
    [InlineData("안 입는 청바지 버리고 싶어", "청바지는 의류·원단으로 버려요.")]
    [InlineData("안 쓰는 노트북 처분", "노트북은 폐가전제품으로 버려요.")]
    public void Write_StillUsableItem_OffersReuseBeforeDisposal(string message, string headline)
    {
        var answer = Writer.Write(message, Classifier.Classify(message), Retriever.Search(message), Catalog);

        Assert.StartsWith(headline, answer);
        var reuse = answer.IndexOf("아직 쓸 만하다면 버리기 전에:", StringComparison.Ordinal);
        Assert.InRange(reuse, 0, answer.IndexOf("\n1. ", StringComparison.Ordinal));
        Assert.Contains("나눔", answer[reuse..answer.IndexOf("\n1. ", StringComparison.Ordinal)]);
        _output.WriteLine(answer);
    }

    [Theory]
    [InlineData("의자 다리가 부러졌는데 어떻게 버려")]
    [InlineData("고장 난 노트북")]
    [InlineData("구멍 난 양말")]
    public void Write_BrokenItem_GoesStraightToDisposal(string message)
    {
        var answer = Writer.Write(message, Classifier.Classify(message), Retriever.Search(message), Catalog);

        Assert.DoesNotContain("나눔", answer);
        Assert.Contains("\n1. ", answer);
    }

    [Theory]
    [InlineData("송장 붙은 택배 상자 그냥 버려도 돼?", Paper, "송장은 이렇게 해요: 상자에 붙은 테이프·택배 송장")]
    [InlineData("송장 붙은 박스", Paper, "송장은 이렇게 해요: 상자에 붙은 테이프·택배 송장")]
    [InlineData("택배 박스에 테이프가 붙어 있어", Paper, "테이프는 이렇게 해요: 상자에 붙은 테이프")]
    [InlineData("스티로폼 상자에 테이프랑 송장 붙어 있는데", Styrofoam, "테이프·송장은 이렇게 해요: 붙어 있는 상표 스티커, 테이프, 송장")]
    [InlineData("우유팩에 빨대 꽂혀 있는데 어떻게 버려", PaperPack, "빨대는 이렇게 해요: 빨대와 겉의 비닐은 떼어 내요.")]
    [InlineData("페트병에 음료가 좀 남았는데 어떻게 버려", Pet, "남은 내용물은 이렇게 해요: 내용물을 비우고 물로 가볍게 헹궈요.")]
    [InlineData("펌프 달린 샴푸통 버리기", Plastic, "펌프는 이렇게 해요: 라벨이나 펌프처럼 다른 재질로 된 부속품은 떼어 내요.")]
    public void Write_AttachedDetail_ItemGuideLeadsWithTheStepThatRemovesIt(string message, string guideId, string removal)
    {
        var matches = Retriever.Search(message);
        var answer = Writer.Write(message, Classifier.Classify(message), matches, Catalog);

        Assert.Equal(guideId, matches[0].GuideId);
        Assert.Contains(removal, answer);
        Assert.True(answer.IndexOf(removal, StringComparison.Ordinal) < answer.IndexOf("\n1. ", StringComparison.Ordinal));
        Assert.DoesNotContain("함께 물어보신", answer);
        _output.WriteLine(answer);
    }

    [Theory]
    [InlineData("택배 송장 떼서 어디에 버려", General)]
    [InlineData("송장 붙은 거 어떻게 버려", General)]
    [InlineData("샴푸 펌프는 어떻게 버려?", General)]
    public void Search_AttachmentAskedAboutItself_GoesWhereTheAttachmentGoes(string message, string guideId)
    {
        Assert.Equal(guideId, Retriever.Search(message)[0].GuideId);
    }
}
