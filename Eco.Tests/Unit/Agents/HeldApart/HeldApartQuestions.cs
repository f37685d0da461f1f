using static Eco.Tests.Unit.Agents.GuideIds;

namespace Eco.Tests.Unit.Agents.HeldApart;

/// <summary>Questions the waste retriever was never tuned on, for an honest accuracy figure (issue 13).</summary>
/// <remarks>
/// Written on 2026-12-02, before the retriever was run on any of them, from the dataset's rules (which guide an item
/// belongs to), not from the retriever's output. Never tune the retriever or the dataset to these questions: a miss here
/// is a measurement, not a bug report. To improve retrieval, add the phrasing to the tuned table in WasteRetrieverTests
/// instead, and write new held-apart questions only before measuring them.
/// </remarks>
public static class HeldApartQuestions
{
    /// <summary>Question and the guide the dataset's rules send it to.</summary>
    public static TheoryData<string, string> Questions => new()
    {
        // 무색 페트병
        { "투명 페트병은 따로 모아야 돼?", Pet },
        { "제주 생수 2L 병 버리는 방법 알려줘", Pet },
        { "탄산수 페트병 찌그러뜨려서 내놔도 되나요", Pet },
        { "삼다수 다 마신 병 라벨 떼고 버리면 돼?", Pet },
        { "이온음료 페트 라벨 비닐 어떻게 해요", Pet },
        { "사이다 다 마셨는데 투명한 페트병이야", Pet },

        // 플라스틱류
        { "배달 온 짜장면 그릇 플라스틱인데 씻어서 버리면 돼?", Plastic },
        { "다 쓴 바디워시 통", Plastic },
        { "섬유유연제 통 뚜껑 분리해야 해?", Plastic },
        { "계란판 플라스틱으로 된 거", Plastic },
        { "카페 아이스 음료 컵 빨대 꽂힌 채로 버려도 돼?", Plastic },
        { "딸기 담겨 있던 플라스틱 용기", Plastic },
        { "김치통 냄새 안 빠지는데 재활용 돼?", Plastic },
        { "주황색 음료 페트병", Plastic },

        // 일반 종량제봉투
        { "코 푼 휴지", General },
        { "다 쓴 볼펜이랑 샤프", General },
        { "아기 물티슈 버리는 법", General },
        { "편의점 영수증 재활용 되나", General },
        { "고양이 털 뭉치 어떻게 버려", General },
        { "칫솔 어디에 버려?", General },
        { "나무 도마 오래된 거", General },
        { "치킨 먹고 남은 닭 뼈", General },
        { "생선 구워 먹고 남은 가시", General },
        { "삶은 달걀 껍질 음식물이야?", General },
        { "아보카도 씨", General },
        { "대파 뿌리 음쓰에 넣어도 돼?", General },
        { "보리차 티백", General },
        { "복숭아 먹고 남은 씨", General },
        { "피스타치오 껍데기", General },
        { "홍합 껍데기 버리는 곳", General },
        { "양파 껍질 벗긴 거", General },
        { "살 부러진 우산", General },
        { "플라스틱 장난감 자동차", General },
        { "다 쓴 일회용 면도기", General },
        { "샴푸 펌프 부분만 따로", General },
        { "빵 구울 때 쓴 종이호일", General },
        { "코팅된 종이 전단지", General },

        // 종이류
        { "쿠팡 박스 버리는 법", Paper },
        { "다 읽은 신문 묶어서 내놓으면 돼?", Paper },
        { "아이 다 쓴 문제집", Paper },
        { "라면 박스 접어서 버려?", Paper },
        { "종이 가방 손잡이 끈 있는 거", Paper },
        { "복사 용지 이면지 버리기", Paper },
        { "종이컵 커피 마신 거", Paper },
        { "택배 상자에 송장 붙어 있는데 그냥 버려도 돼?", Paper },

        // 종이팩
        { "흰 우유 팩 씻어서 말려야 되나", PaperPack },
        { "멸균 두유팩 분리수거", PaperPack },
        { "작은 주스 팩 빨대 꽂힌 거", PaperPack },
        { "우유갑 모아서 주민센터 가져가면 돼?", PaperPack },
        { "빨대 꽂힌 우유팩", PaperPack },

        // 비닐류
        { "빵 봉지 깨끗한 거", Vinyl },
        { "택배 봉투 비닐로 된 거", Vinyl },
        { "마트 비닐봉투 모아둔 거", Vinyl },
        { "세탁소 비닐 어떻게 버려", Vinyl },
        { "양파 담겨있던 망", Vinyl },
        { "지퍼백 씻어서 버리면 되나요", Vinyl },

        // 스티로폼류
        { "회 포장해온 스티로폼 접시", Styrofoam },
        { "TV 살 때 들어있던 스티로폼", Styrofoam },
        { "정육 스티로폼 트레이", Styrofoam },
        { "테이프 붙은 스티로폼 상자", Styrofoam },

        // 유리병
        { "다 마신 맥주병 어디 갖다주면 돈 줘?", Glass },
        { "참기름 병 유리로 된 거", Glass },
        { "소스 병 버리기", Glass },
        { "와인 마신 병", Glass },
        { "소주 공병 반납", Glass },

        // 불연성 종량제 마대
        { "와인잔 깨졌어", NonCombustible },
        { "이 빠진 머그컵", NonCombustible },
        { "안 쓰는 도자기 화분", NonCombustible },
        { "금 간 뚝배기", NonCombustible },
        { "손거울 깨짐", NonCombustible },
        { "찻잔 세트 버리기", NonCombustible },
        { "다 탄 연탄", NonCombustible },
        { "방 천장 LED 평판등", NonCombustible },

        // 금속류
        { "캔 커피 다 마셨어", Metal },
        { "고등어 통조림 캔", Metal },
        { "다 쓴 모기약 스프레이", Metal },
        { "캠핑용 가스 다 쓴 거", Metal },
        { "녹슨 프라이팬", Metal },
        { "스테인리스 냄비 버려도 돼?", Metal },
        { "못 쓰는 드라이버 공구", Metal },
        { "세탁소 철사 옷걸이", Metal },

        // 의류·원단
        { "작아진 아이 옷 어디에 버려", Clothing },
        { "낡은 운동화 한 켤레", Clothing },
        { "겨울 패딩 의류수거함에 넣어도 돼?", Clothing },
        { "안 매는 넥타이", Clothing },
        { "헌 가죽 벨트", Clothing },
        { "목도리랑 장갑", Clothing },

        // 폐전지
        { "리모컨에서 뺀 건전지", Battery },
        { "부푼 보조배터리 위험해?", Battery },
        { "손목시계 배터리 교체하고 남은 거", Battery },
        { "전동킥보드 배터리", Battery },
        { "AAA 배터리", Battery },

        // 폐형광등·LED 조명
        { "거실 형광등 갈았는데 헌 거", Lighting },
        { "둥근 형광등 버리기", Lighting },
        { "LED 전구 수명 다 됨", Lighting },

        // 폐가전제품
        { "고장 난 전기포트", Electronics },
        { "안 쓰는 공유기", Electronics },
        { "오래된 김치냉장고 버리려고", Electronics },
        { "세탁기 무상수거 되나요", Electronics },
        { "망가진 블루투스 스피커", Electronics },
        { "아이패드 고장", Electronics },
        { "전기면도기 고장", Electronics },
        { "데스크톱 본체 버리는 법", Electronics },

        // 대형폐기물
        { "2인용 소파 버리기", Bulky },
        { "원목 책상 처분하려고", Bulky },
        { "싱글 침대 프레임", Bulky },
        { "애기 유모차 안 써서", Bulky },
        { "고장 난 자전거", Bulky },
        { "서랍장 버리는 방법", Bulky },
        { "큰 여행가방", Bulky },
        { "화장대 버리려는데 어떻게 해", Bulky },
        { "사무용 의자", Bulky },

        // 음식물류 폐기물
        { "먹다 남은 치킨 살코기", Food },
        { "냉장고에서 상한 반찬", Food },
        { "멜론 껍질", Food },
        { "시든 상추", Food },
        { "유통기한 지난 두부", Food },
        { "먹고 남은 밥이랑 반찬", Food },
        { "포도 껍질", Food },

        // 공사장 생활폐기물
        { "욕실 리모델링하고 나온 타일", Construction },
        { "집수리하고 남은 폐목재", Construction },
        { "셀프 도배하고 남은 도배지", Construction },
        { "인테리어 공사 쓰레기 처리 방법", Construction },

        // 생활계 유해폐기물
        { "유통기한 지난 연고", Hazardous },
        { "애들 먹다 남은 시럽약", Hazardous },
        { "쓰다 남은 페인트 통", Hazardous },
        { "순간접착제 다 쓴 거", Hazardous },
        { "수은 혈압계 버리기", Hazardous },
        { "깨진 체온계 수은", Hazardous },
    };
}
