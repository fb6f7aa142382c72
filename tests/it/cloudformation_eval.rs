//! Tests of evaluation: every intrinsic in YAML short form and JSON long form, parameters,
//! conditions, mappings, pseudo parameters, resource attributes and lines, outputs, ForEach.

use drplan::import::cloudformation::*;

fn s(v: &str) -> Value {
    Value::String(v.to_owned())
}

fn r(target: &str, attribute: Option<&str>) -> Value {
    Value::Ref {
        target: target.to_owned(),
        attribute: attribute.map(str::to_owned),
    }
}

fn opts() -> Options {
    Options::default()
}

fn region(r: &str) -> Options {
    Options {
        region: Some(r.to_owned()),
        ..Options::default()
    }
}

fn read_ok(text: &str, options: &Options) -> Template {
    match read(text, "t", options) {
        Ok(t) => t,
        Err(e) => panic!("template should read: {e}"),
    }
}

fn read_err(text: &str, options: &Options) -> Error {
    match read(text, "t", options) {
        Ok(t) => panic!("template should not read: {t:?}"),
        Err(e) => e,
    }
}

fn res<'t>(t: &'t Template, id: &str) -> &'t Resource {
    t.resources
        .iter()
        .find(|r| r.logical_id == id)
        .unwrap_or_else(|| panic!("no resource {id}"))
}

/// The property `key` of resource `id`.
fn prop<'t>(t: &'t Template, id: &str, key: &str) -> &'t Value {
    res(t, id)
        .properties
        .get(key)
        .unwrap_or_else(|| panic!("no property {key} on {id}"))
}

/// A YAML template with parameters, a condition set, a mapping, and resources `B` and `Db`
/// around the given properties of resource `X`.
fn yaml_with(props: &str) -> String {
    format!(
        "Parameters:
  Env: {{Type: String, Default: prod}}
  Name: {{Type: String}}
  Azs: {{Type: CommaDelimitedList, Default: 'a, b,c'}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Named: !Equals [!Ref Name, x]
Mappings:
  M:
    us-east-1: {{K: ami-1, L: [1, 2]}}
    eu-west-1: {{K: ami-2}}
Resources:
  B: {{Type: AWS::S3::Bucket}}
  Db: {{Type: AWS::RDS::DBInstance}}
  X:
    Type: AWS::EC2::Instance
    Properties:
{props}"
    )
}

fn yaml_prop(props: &str, options: &Options) -> Value {
    let t = read_ok(&yaml_with(props), options);
    prop(&t, "X", "P").clone()
}

/// The same scaffolding in JSON, with `P` set to the given JSON value.
fn json_prop(p: &str, options: &Options) -> Value {
    let text = format!(
        r#"{{
  "Parameters": {{"Env": {{"Type": "String", "Default": "prod"}}, "Name": {{"Type": "String"}},
                  "Azs": {{"Type": "CommaDelimitedList", "Default": "a, b,c"}}}},
  "Conditions": {{"IsProd": {{"Fn::Equals": [{{"Ref": "Env"}}, "prod"]}},
                  "IsDev": {{"Fn::Not": [{{"Condition": "IsProd"}}]}},
                  "Named": {{"Fn::Equals": [{{"Ref": "Name"}}, "x"]}}}},
  "Mappings": {{"M": {{"us-east-1": {{"K": "ami-1", "L": [1, 2]}}, "eu-west-1": {{"K": "ami-2"}}}}}},
  "Resources": {{
    "B": {{"Type": "AWS::S3::Bucket"}},
    "Db": {{"Type": "AWS::RDS::DBInstance"}},
    "X": {{"Type": "AWS::EC2::Instance", "Properties": {{"P": {p}}}}}
  }}
}}"#
    );
    let t = read_ok(&text, options);
    prop(&t, "X", "P").clone()
}

#[test]
fn ref_to_parameter_resource_and_pseudo() {
    assert_eq!(yaml_prop("      P: !Ref Env", &opts()), s("prod"));
    assert_eq!(yaml_prop("      P: !Ref B", &opts()), r("B", None));
    assert_eq!(
        yaml_prop("      P: !Ref AWS::Region", &region("eu-west-1")),
        s("eu-west-1")
    );
    assert_eq!(json_prop(r#"{"Ref": "Env"}"#, &opts()), s("prod"));
    assert_eq!(json_prop(r#"{"Ref": "B"}"#, &opts()), r("B", None));
    assert!(matches!(
        json_prop(r#"{"Ref": "AWS::Region"}"#, &opts()),
        Value::Unknown { .. }
    ));
    assert_eq!(yaml_prop("      P: {Ref: Env}", &opts()), s("prod"));
}

#[test]
fn parameter_overrides_defaults_and_lists() {
    let mut o = opts();
    o.parameters.insert("Env".into(), "dev".into());
    o.parameters.insert("Azs".into(), "x,y".into());
    assert_eq!(yaml_prop("      P: !Ref Env", &o), s("dev"));
    assert_eq!(
        yaml_prop("      P: !Ref Azs", &opts()),
        Value::List(vec![s("a"), s("b"), s("c")])
    );
    assert_eq!(
        json_prop(r#"{"Ref": "Azs"}"#, &o),
        Value::List(vec![s("x"), s("y")])
    );
    let t = read_ok(&yaml_with("      P: !Ref Name"), &opts());
    assert!(matches!(prop(&t, "X", "P"), Value::Unknown { .. }));
    assert_eq!(t.parameters_without_value, vec!["Name".to_owned()]);
    // Declared but never referenced: not reported.
    let t = read_ok(
        "Parameters: {Name: {Type: String}}\nResources: {A: {Type: T}}",
        &opts(),
    );
    assert!(t.parameters_without_value.is_empty());
}

#[test]
fn parameter_types_noecho_and_allowed_values() {
    let text = "Parameters:
  Pass: {Type: String, NoEcho: true, Default: hunter2}
  Size: {Type: Number, Default: 5, AllowedValues: [5, 10]}
  Ids: {Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-1,subnet-2'}
  Ami: {Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: /aws/ami}
Conditions:
  Secret: !Equals [!Ref Pass, opensesame]
Resources:
  X:
    Type: AWS::EC2::Instance
    Properties:
      Pass: !Ref Pass
      Sub: !Sub 'user:${Pass}'
      Size: !Ref Size
      Ids: !Ref Ids
      Ami: !Ref Ami
  Y:
    Type: AWS::S3::Bucket
    Condition: Secret
";
    let t = read_ok(text, &opts());
    let pass = prop(&t, "X", "Pass");
    assert_eq!(
        pass,
        &Value::Unknown {
            why: "NoEcho parameter Pass".into()
        }
    );
    assert!(
        !format!("{t:?}").contains("hunter2"),
        "a NoEcho default must never be copied out"
    );
    assert_eq!(prop(&t, "X", "Size"), &s("5"));
    assert_eq!(
        prop(&t, "X", "Ids"),
        &Value::List(vec![s("subnet-1"), s("subnet-2")])
    );
    assert!(matches!(prop(&t, "X", "Ami"), Value::Unknown { .. }));
    assert!(res(&t, "Y").condition_unknown);

    // A given NoEcho value decides conditions but is still not copied out.
    let mut o = opts();
    o.parameters.insert("Pass".into(), "opensesame".into());
    let t = read_ok(text, &o);
    assert!(!res(&t, "Y").condition_unknown);
    assert!(!format!("{t:?}").contains("opensesame"));

    o.parameters.insert("Size".into(), "7".into());
    let e = read_err(text, &o);
    assert!(
        e.message.contains("parameter Size") && e.message.contains("AllowedValues"),
        "{e}"
    );
    assert!(!e.to_string().contains('7'));
}

#[test]
fn get_att_forms() {
    assert_eq!(
        yaml_prop("      P: !GetAtt Db.Endpoint.Address", &opts()),
        r("Db", Some("Endpoint.Address"))
    );
    assert_eq!(
        yaml_prop("      P: !GetAtt [Db, Endpoint.Port]", &opts()),
        r("Db", Some("Endpoint.Port"))
    );
    assert_eq!(
        json_prop(r#"{"Fn::GetAtt": ["Db", "Endpoint.Address"]}"#, &opts()),
        r("Db", Some("Endpoint.Address"))
    );
    assert_eq!(
        json_prop(r#"{"Fn::GetAtt": "B.Arn"}"#, &opts()),
        r("B", Some("Arn"))
    );
    let e = read_err(&yaml_with("      P: !GetAtt Db"), &opts());
    assert!(e.message.contains("GetAtt needs Resource.Attribute"), "{e}");
    let e = read_err(&yaml_with("      P: !GetAtt Nope.Arn"), &opts());
    assert!(e.message.contains("GetAtt to Nope"), "{e}");
}

#[test]
fn sub_both_forms() {
    let v = yaml_prop(
        "      P: !Sub '${Env}-${B}-${Db.Endpoint.Address}-${AWS::Region}-${!Literal}'",
        &region("us-east-1"),
    );
    assert_eq!(
        v,
        Value::Concat(vec![
            s("prod-"),
            r("B", None),
            s("-"),
            r("Db", Some("Endpoint.Address")),
            s("-us-east-1-${Literal}")
        ])
    );
    assert_eq!(
        yaml_prop("      P: !Sub '${Env}.example.com'", &opts()),
        s("prod.example.com")
    );
    let v = yaml_prop("      P: !Sub [ \"${A}-x\", {A: !Ref B} ]", &opts());
    assert_eq!(v, Value::Concat(vec![r("B", None), s("-x")]));
    let v = yaml_prop(
        "      P: !Sub\n        - '${A}-${Env}'\n        - A: lit",
        &opts(),
    );
    assert_eq!(v, s("lit-prod"));
    let v = json_prop(r#"{"Fn::Sub": ["${A}-x", {"A": {"Ref": "B"}}]}"#, &opts());
    assert_eq!(v, Value::Concat(vec![r("B", None), s("-x")]));
    assert_eq!(json_prop(r#"{"Fn::Sub": "${Env}"}"#, &opts()), s("prod"));
    let e = read_err(&yaml_with("      P: !Sub '${Nope}'"), &opts());
    assert!(e.message.contains("Fn::Sub refers to Nope"), "{e}");
}

#[test]
fn join_split_select() {
    let v = yaml_prop("      P: !Join [\"\", [!Ref B, \"-y\"]]", &opts());
    assert_eq!(v, Value::Concat(vec![r("B", None), s("-y")]));
    assert_eq!(
        yaml_prop("      P: !Join [',', [a, !Ref Env, 3]]", &opts()),
        s("a,prod,3")
    );
    assert_eq!(
        yaml_prop("      P: !Join [',', !Ref Azs]", &opts()),
        s("a,b,c")
    );
    assert_eq!(
        json_prop(r#"{"Fn::Join": ["-", ["a", {"Ref": "Env"}]]}"#, &opts()),
        s("a-prod")
    );
    assert_eq!(
        yaml_prop("      P: !Split [',', 'a,b']", &opts()),
        Value::List(vec![s("a"), s("b")])
    );
    assert_eq!(
        json_prop(r#"{"Fn::Split": ["|", "a|b"]}"#, &opts()),
        Value::List(vec![s("a"), s("b")])
    );
    assert_eq!(
        yaml_prop("      P: !Select [1, !Split [',', 'a,b']]", &opts()),
        s("b")
    );
    assert_eq!(
        yaml_prop("      P: !Select ['2', !Ref Azs]", &opts()),
        s("c")
    );
    assert_eq!(
        json_prop(r#"{"Fn::Select": [0, ["x", "y"]]}"#, &opts()),
        s("x")
    );
    let e = read_err(&yaml_with("      P: !Select [5, [a]]"), &opts());
    assert!(e.message.contains("out of range"), "{e}");
}

#[test]
fn list_functions_keep_references_they_cannot_compute() {
    assert_eq!(
        yaml_prop("      P: !Select [0, !GetAtt B.Ipv6CidrBlocks]", &opts()),
        r("B", Some("Ipv6CidrBlocks"))
    );
    assert_eq!(
        yaml_prop("      P: !Join [',', !GetAtt Db.Outputs.Subnets]", &opts()),
        Value::Concat(vec![r("Db", Some("Outputs.Subnets"))])
    );
    assert_eq!(
        json_prop(
            r#"{"Fn::Select": [1, {"Fn::Split": [",", {"Fn::GetAtt": ["Db", "Outputs.Subnets"]}]}]}"#,
            &opts()
        ),
        r("Db", Some("Outputs.Subnets"))
    );
    assert!(matches!(
        yaml_prop("      P: !Select [0, !Ref Name]", &opts()),
        Value::Unknown { .. }
    ));
}

#[test]
fn get_azs_and_zones() {
    assert_eq!(
        yaml_prop("      P: !Select [1, !GetAZs \"\"]", &opts()),
        Value::Zone {
            index: 1,
            region: None
        }
    );
    assert_eq!(
        yaml_prop(
            "      P: !Select [0, !GetAZs eu-west-1]",
            &region("us-east-1")
        ),
        Value::Zone {
            index: 0,
            region: Some("eu-west-1".into())
        }
    );
    assert_eq!(
        json_prop(
            r#"{"Fn::Select": ["2", {"Fn::GetAZs": {"Ref": "AWS::Region"}}]}"#,
            &region("us-east-1")
        ),
        Value::Zone {
            index: 2,
            region: None
        }
    );
    assert!(matches!(
        yaml_prop("      P: !GetAZs ''", &region("us-east-1")),
        Value::Unknown { .. }
    ));
}

#[test]
fn if_with_no_value_and_conditions() {
    let props = "      P: !If [IsProd, {Size: 10}, !Ref AWS::NoValue]\n      Q: !If [IsDev, a, !Ref AWS::NoValue]";
    let t = read_ok(&yaml_with(props), &opts());
    assert_eq!(
        prop(&t, "X", "P"),
        &Value::Map(vec![("Size".into(), Value::Number("10".into()))])
    );
    assert!(
        res(&t, "X").properties.get("Q").is_none(),
        "AWS::NoValue drops the property"
    );
    // Unknown condition: the branch that is not NoValue.
    assert_eq!(
        yaml_prop("      P: !If [Named, {A: 1}, !Ref AWS::NoValue]", &opts()).get("A"),
        Some(&Value::Number("1".into()))
    );
    assert!(matches!(
        yaml_prop("      P: !If [Named, a, b]", &opts()),
        Value::Unknown { .. }
    ));
    let v = json_prop(r#"{"Fn::If": ["IsProd", "big", "small"]}"#, &opts());
    assert_eq!(v, s("big"));
    let v = json_prop(
        r#"[{"Fn::If": ["IsDev", "x", {"Ref": "AWS::NoValue"}]}, "y"]"#,
        &opts(),
    );
    assert_eq!(
        v,
        Value::List(vec![s("y")]),
        "AWS::NoValue drops the list element"
    );
}

#[test]
fn condition_functions_drop_resources() {
    let text = "Parameters:
  Env: {Type: String, Default: prod}
  Name: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Equals [a, a]]
  Either: !Or [!Condition IsDev, !Equals [1, '2']]
  Unknown: !Equals [!Ref Name, x]
  AndUnknown: !And [!Condition IsDev, !Condition Unknown]
  OrUnknown: !Or [!Condition IsProd, !Condition Unknown]
Resources:
  Prod: {Type: AWS::S3::Bucket, Condition: IsProd}
  Dev: {Type: AWS::S3::Bucket, Condition: IsDev}
  Both: {Type: AWS::S3::Bucket, Condition: Both}
  Either: {Type: AWS::S3::Bucket, Condition: Either}
  Maybe: {Type: AWS::S3::Bucket, Condition: Unknown}
  AndU: {Type: AWS::S3::Bucket, Condition: AndUnknown}
  OrU: {Type: AWS::S3::Bucket, Condition: OrUnknown}
";
    let t = read_ok(text, &opts());
    let ids: Vec<&str> = t.resources.iter().map(|r| r.logical_id.as_str()).collect();
    assert_eq!(ids, ["Prod", "Both", "Maybe", "OrU"]);
    assert_eq!(res(&t, "Prod").condition.as_deref(), Some("IsProd"));
    assert!(!res(&t, "Prod").condition_unknown);
    assert!(res(&t, "Maybe").condition_unknown);
    assert!(!res(&t, "OrU").condition_unknown);

    let mut o = opts();
    o.parameters.insert("Env".into(), "dev".into());
    let t = read_ok(text, &o);
    let ids: Vec<&str> = t.resources.iter().map(|r| r.logical_id.as_str()).collect();
    assert_eq!(ids, ["Dev", "Either", "Maybe", "AndU", "OrU"]);
    assert!(res(&t, "AndU").condition_unknown);

    let json = r#"{"Parameters": {"Env": {"Type": "String", "Default": "prod"}},
      "Conditions": {
        "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
        "NotProd": {"Fn::Not": [{"Condition": "IsProd"}]},
        "Any": {"Fn::Or": [{"Condition": "NotProd"}, {"Fn::Equals": ["a", "b"]}]},
        "All": {"Fn::And": [{"Condition": "IsProd"}, {"Fn::Equals": ["a", "a"]}]}},
      "Resources": {
        "A": {"Type": "AWS::S3::Bucket", "Condition": "Any"},
        "B": {"Type": "AWS::S3::Bucket", "Condition": "All"}}}"#;
    let t = read_ok(json, &opts());
    assert_eq!(t.resources.len(), 1);
    assert_eq!(t.resources[0].logical_id, "B");
}

#[test]
fn conditions_inside_properties() {
    assert_eq!(
        yaml_prop("      P: !Equals [!Ref Env, prod]", &opts()),
        Value::Bool(true)
    );
    assert_eq!(
        yaml_prop("      P: !Condition IsDev", &opts()),
        Value::Bool(false)
    );
    assert_eq!(
        json_prop(r#"{"Fn::Not": [{"Fn::Equals": ["a", "b"]}]}"#, &opts()),
        Value::Bool(true)
    );
    assert_eq!(
        json_prop(
            r#"{"Fn::Or": [{"Condition": "IsDev"}, {"Condition": "IsProd"}]}"#,
            &opts()
        ),
        Value::Bool(true)
    );
    assert_eq!(
        yaml_prop(
            "      P: !And [!Condition IsDev, !Condition IsProd]",
            &opts()
        ),
        Value::Bool(false)
    );
}

#[test]
fn find_in_map() {
    assert_eq!(
        yaml_prop(
            "      P: !FindInMap [M, !Ref AWS::Region, K]",
            &region("us-east-1")
        ),
        s("ami-1")
    );
    assert_eq!(
        json_prop(
            r#"{"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "L"]}"#,
            &region("us-east-1")
        ),
        Value::List(vec![Value::Number("1".into()), Value::Number("2".into())])
    );
    assert!(matches!(
        yaml_prop("      P: !FindInMap [M, !Ref AWS::Region, K]", &opts()),
        Value::Unknown { .. }
    ));
    assert_eq!(
        yaml_prop(
            "      P: !FindInMap [M, !Ref AWS::Region, K, {DefaultValue: none}]",
            &region("ap-south-1")
        ),
        s("none")
    );
    let e = read_err(
        &yaml_with("      P: !FindInMap [M, ap-south-1, K]"),
        &opts(),
    );
    assert!(
        e.message.contains("mapping M") && !e.message.contains("ap-south-1"),
        "{e}"
    );
    let e = read_err(&yaml_with("      P: !FindInMap [Nope, a, b]"), &opts());
    assert!(e.message.contains("mapping Nope"), "{e}");
}

#[test]
fn import_base64_cidr_transform() {
    let t = read_ok(
        &yaml_with(
            "      P: !ImportValue Net-VpcId\n      Q: {'Fn::ImportValue': !Sub '${Env}-Subnet'}\n      R: !Base64 hello\n      \
             S: !Cidr [10.0.0.0/16, 4, 8]\n      T: !Transform {Name: AWS::Include, Parameters: {Location: s3://x}}\n      \
             U: {'Fn::Base64': !Sub '#!/bin/sh\\necho ${Db.Endpoint.Address}'}",
        ),
        &opts(),
    );
    assert_eq!(t.imports, ["Net-VpcId", "prod-Subnet"]);
    assert!(
        matches!(prop(&t, "X", "P"), Value::Unknown { why } if why.contains("Fn::ImportValue"))
    );
    assert_eq!(prop(&t, "X", "R"), &s("aGVsbG8="));
    assert!(matches!(prop(&t, "X", "S"), Value::Unknown { .. }));
    assert!(matches!(prop(&t, "X", "T"), Value::Unknown { why } if why.contains("Fn::Transform")));
    assert_eq!(
        prop(&t, "X", "U").refs(),
        [("Db", Some("Endpoint.Address"))]
    );
    let v = json_prop(r#"{"Fn::Base64": "hi!"}"#, &opts());
    assert_eq!(v, s("aGkh"));
}

#[test]
fn pseudo_parameters() {
    let p = |name: &str, o: &Options| yaml_prop(&format!("      P: !Ref {name}"), o);
    assert_eq!(p("AWS::Partition", &opts()), s("aws"));
    assert_eq!(p("AWS::Partition", &region("cn-north-1")), s("aws-cn"));
    assert_eq!(
        p("AWS::Partition", &region("us-gov-west-1")),
        s("aws-us-gov")
    );
    assert_eq!(
        p("AWS::URLSuffix", &region("cn-north-1")),
        s("amazonaws.com.cn")
    );
    assert_eq!(
        p("AWS::URLSuffix", &region("us-east-1")),
        s("amazonaws.com")
    );
    for name in [
        "AWS::AccountId",
        "AWS::StackId",
        "AWS::NotificationARNs",
        "AWS::StackName",
    ] {
        assert!(matches!(p(name, &opts()), Value::Unknown { .. }), "{name}");
    }
    let o = Options {
        stack_name: Some("shop".into()),
        ..opts()
    };
    assert_eq!(p("AWS::StackName", &o), s("shop"));
    assert_eq!(
        yaml_prop(
            "      P: !Sub 'arn:${AWS::Partition}:s3:::${AWS::StackName}'",
            &o
        ),
        s("arn:aws:s3:::shop")
    );
}

#[test]
fn resource_attributes_and_lines() {
    let text = "# comment
Resources:
  A:
    Type: AWS::S3::Bucket
    DeletionPolicy: Retain
    Properties:
      Tags:
        - {Key: team, Value: shop}
        - {Key: env, Value: !Ref AWS::Region}
  B:
    Type: Custom::Thing
    DependsOn: A
  C:
    Type: AWS::SQS::Queue
    DependsOn: [A, B]
";
    let t = read_ok(text, &opts());
    let lines: Vec<usize> = t.resources.iter().map(|r| r.line).collect();
    assert_eq!(lines, [3, 10, 13]);
    assert_eq!(res(&t, "A").deletion_policy.as_deref(), Some("Retain"));
    assert_eq!(res(&t, "A").tags, [("team".to_owned(), "shop".to_owned())]);
    assert_eq!(res(&t, "B").depends_on, ["A"]);
    assert_eq!(res(&t, "C").depends_on, ["A", "B"]);
    assert_eq!(res(&t, "B").properties, Value::Null);
    assert_eq!(t.unknown_types, ["Custom::Thing"]);

    let json = "{\n  \"Resources\": {\n    \"A\": {\"Type\": \"AWS::S3::Bucket\"},\n\n    \"B\":\n      {\n        \"Type\": \"AWS::SQS::Queue\",\n        \"DependsOn\": \"A\"\n      }\n  }\n}\n";
    let t = read_ok(json, &opts());
    let lines: Vec<usize> = t.resources.iter().map(|r| r.line).collect();
    assert_eq!(lines, [3, 5]);
    assert_eq!(res(&t, "B").depends_on, ["A"]);
    let e = read_err(
        "Resources:\n  A: {Type: AWS::S3::Bucket, DependsOn: Nope}\n",
        &opts(),
    );
    assert!(e.message.contains("depends on Nope"), "{e}");
}

#[test]
fn scalars_keep_their_written_form() {
    let t = read_ok(
        "Resources:\n  A:\n    Type: T\n    Properties: {a: 00123, b: '00123', c: 1.50, d: true, e: ~, f: 'true', g: 0x1F}\n",
        &opts(),
    );
    let p = &res(&t, "A").properties;
    assert_eq!(p.get("a"), Some(&Value::Number("00123".into())));
    assert_eq!(p.get("b"), Some(&s("00123")));
    assert_eq!(p.get("c").and_then(Value::as_str), Some("1.50"));
    assert_eq!(p.get("d"), Some(&Value::Bool(true)));
    assert_eq!(p.get("e"), Some(&Value::Null));
    assert_eq!(p.get("f").and_then(Value::as_bool), Some(true));
    assert_eq!(p.get("g"), Some(&Value::Number("0x1F".into())));
    let v = json_prop(
        r#"{"n": 1.50, "m": 1e3, "s": "5", "b": false, "z": null}"#,
        &opts(),
    );
    assert_eq!(v.get("n"), Some(&Value::Number("1.50".into())));
    assert_eq!(v.get("m"), Some(&Value::Number("1e3".into())));
    assert_eq!(v.get("s").and_then(Value::as_u64), Some(5));
    assert_eq!(v.get("b"), Some(&Value::Bool(false)));
    assert_eq!(v.get("z"), Some(&Value::Null));
}

#[test]
fn value_accessors() {
    let v = Value::Map(vec![
        (
            "a".into(),
            Value::List(vec![
                r("X", None),
                Value::Concat(vec![s("p"), r("Y", Some("Arn"))]),
            ]),
        ),
        ("b".into(), s("FALSE")),
        ("c".into(), Value::Number("42".into())),
    ]);
    assert_eq!(v.refs(), [("X", None), ("Y", Some("Arn"))]);
    assert_eq!(v.get("b").and_then(Value::as_bool), Some(false));
    assert_eq!(v.get("c").and_then(Value::as_u64), Some(42));
    assert_eq!(v.get("a").map(|a| a.as_list().len()), Some(2));
    assert!(s("x").as_list().is_empty());
}

#[test]
fn outputs_and_exports() {
    let text = "Parameters:
  Env: {Type: String, Default: prod}
Conditions:
  Never: !Equals [a, b]
Resources:
  Vpc: {Type: AWS::EC2::VPC}
Outputs:
  VpcId:
    Value: !Ref Vpc
    Export: {Name: !Sub '${Env}-VpcId'}
  Stack:
    Value: x
    Export: {Name: !Sub '${AWS::StackName}-X'}
  Hidden:
    Condition: Never
    Value: y
    Export: {Name: hidden}
";
    let t = read_ok(text, &opts());
    assert_eq!(
        t.exports,
        [
            ("prod-VpcId".to_owned(), r("Vpc", None)),
            ("${?}-X".to_owned(), s("x"))
        ]
    );
}

#[test]
fn language_extensions_for_each() {
    let text = "Transform: AWS::LanguageExtensions
Parameters:
  Names: {Type: CommaDelimitedList, Default: 'a-1,b'}
Resources:
  'Fn::ForEach::Queues':
    - Name
    - !Ref Names
    - 'Queue&{Name}':
        Type: AWS::SQS::Queue
        Properties:
          QueueName: !Sub 'q-${Name}'
          Tag: !Ref Name
  Other: {Type: AWS::SNS::Topic, Properties: {Q: !GetAtt Queuea1.Arn}}
";
    let t = read_ok(text, &opts());
    let ids: Vec<&str> = t.resources.iter().map(|r| r.logical_id.as_str()).collect();
    assert_eq!(ids, ["Queuea1", "Queueb", "Other"]);
    assert_eq!(prop(&t, "Queuea1", "QueueName"), &s("q-a-1"));
    assert_eq!(prop(&t, "Queueb", "Tag"), &s("b"));
    assert_eq!(res(&t, "Queueb").line, 8);
    assert_eq!(prop(&t, "Other", "Q"), &r("Queuea1", Some("Arn")));

    let e = read_err(
        &text.replace("Transform: AWS::LanguageExtensions\n", ""),
        &opts(),
    );
    assert!(e.message.contains("LanguageExtensions"), "{e}");
    let e = read_err(&text.replace(", Default: 'a-1,b'", ""), &opts());
    assert!(e.message.contains("not known offline"), "{e}");
}

#[test]
fn tags_on_mappings_and_sequences_are_kept() {
    // `!If` on a sequence whose element is a mapping; `!Transform` on a mapping.
    let v = yaml_prop(
        "      P: !If\n        - IsProd\n        - A: !Ref B\n        - !Ref AWS::NoValue",
        &opts(),
    );
    assert_eq!(v, Value::Map(vec![("A".into(), r("B", None))]));
    let v = yaml_prop("      P: !Transform\n        Name: AWS::Include", &opts());
    assert!(matches!(v, Value::Unknown { .. }));
    // A custom tag becomes Fn::Name, which is not evaluated offline.
    assert!(matches!(
        yaml_prop("      P: !Whatever x", &opts()),
        Value::Unknown { .. }
    ));
    assert_eq!(yaml_prop("      P: !!str 123", &opts()), s("123"));
}

#[test]
fn errors_are_located_and_name_only_identifiers() {
    let e = read_err(&yaml_with("      P: 1\n      Q: !Ref OrdersDb"), &opts());
    assert_eq!(e.line, Some(20));
    assert_eq!(
        e.message,
        "Ref to OrdersDb, which is neither a parameter nor a resource of the template"
    );
    assert_eq!(
        e.to_string(),
        format!("t:20:{}: {}", e.column.unwrap_or(0), e.message)
    );
    let e = read_err(&yaml_with("      Q: !Ref 'hunter2 secret'"), &opts());
    assert!(!e.message.contains("hunter2"), "{e}");
    let e = read_err(&yaml_with("      Q: !If [Nope, a, b]"), &opts());
    assert!(e.message.contains("condition Nope is not defined"), "{e}");
}

#[test]
fn a_short_form_over_a_long_form_evaluates_both() {
    // `!Base64 !Sub` is not YAML (one tag per node): UserData is written with the long form.
    let v = yaml_prop("      P: !Base64\n        Fn::Sub: 'mount ${B}'", &opts());
    assert_eq!(v, Value::Concat(vec![s("mount "), r("B", None)]));
    let v = yaml_prop(
        "      P: !ImportValue\n        Fn::Sub: '${Env}-vpc'",
        &opts(),
    );
    assert_eq!(
        v,
        Value::Unknown {
            why: "Fn::ImportValue prod-vpc".into()
        }
    );
}
